namespace PhpSerializer.Tests;

/// <summary>C# builds and serializes seeded random values; PHP unserialize()+serialize() gives the same bytes.</summary>
public class DifferentialCSharpToPhpTests
{
    [Theory]
    [InlineData(424242, 6000)]
    public void PhpReadsAndRewritesCsharpOutputByteForByte(int seed, int count)
    {
        var generator = new RandomPhpValues(seed);
        var inputs = new List<byte[]>(count);
        for (int i = 0; i < count; i++) inputs.Add(PhpSerialization.Serialize(generator.Next()));

        var outputs = PhpFrames.PhpRoundTrip(inputs);

        var failures = new List<string>();
        for (int i = 0; i < count; i++)
        {
            if (outputs[i] is null) failures.Add($"php rejected: {PhpFrames.Show(inputs[i])}");
            else if (!outputs[i]!.AsSpan().SequenceEqual(inputs[i])) failures.Add($" c#: {PhpFrames.Show(inputs[i])}\nphp: {PhpFrames.Show(outputs[i]!)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} differ:\n" + string.Join("\n", failures.Take(5)));

        string all = string.Join("\n", inputs.Select(PhpFrames.Show));
        foreach (string feature in new[] { "R:", "r:", "C:8:\"OldStyle\"", "E:", "\\x00*\\x00", "\\x00Foo\\x00", "d:NAN;", "d:-0;", "E+", "E-", "\\xff" })
            Assert.Contains(feature, all);
    }
}
