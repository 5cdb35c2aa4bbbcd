using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests;

/// <summary>PHP generates seeded random values; C# parses each and writes it back byte-identically.</summary>
public class DifferentialPhpToCSharpTests
{
    [Theory]
    [InlineData(20261125, 6000)]
    [InlineData(7, 2000)]
    public void CSharpRewritesPhpSerializeOutputByteForByte(int seed, int count)
    {
        var run = PhpRunner.RunFile(PhpFrames.Script("generate.php"), null, seed.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture)).EnsureSuccess();
        var values = PhpFrames.Unframe(run.Stdout);
        Assert.Equal(count, values.Count);

        var failures = new List<string>();
        var kinds = new HashSet<string>();
        foreach (var bytes in values)
        {
            Collect(bytes, kinds);
            try
            {
                var value = PhpSerialization.Unserialize(bytes, PhpTestClasses.Options);
                var again = PhpSerialization.Serialize(value);
                if (!again.AsSpan().SequenceEqual(bytes))
                    failures.Add($"php: {PhpFrames.Show(bytes)}\n c#: {PhpFrames.Show(again)}");
            }
            catch (PhpSerializationException e)
            {
                failures.Add($"php: {PhpFrames.Show(bytes)}\n error: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} differ:\n" + string.Join("\n", failures.Take(5)));
        // The generator must really have produced every feature the test claims to cover.
        foreach (string feature in Features) Assert.Contains(feature, kinds);
    }

    // Escaped forms (see PhpFrames.Show): references, objects, Serializable, enums, protected,
    // private and inherited-private names, NaN, -0, exponent floats, NUL and non-UTF-8 bytes.
    private static readonly string[] Features =
        { "R:", "r:", "C:", "E:", "O:", "\\x00*\\x00", "\\x00PrivBase\\x00", "\\x00PrivChild\\x00", "d:NAN", "d:-0;", "E+", "E-", "\\x00", "\\xff" };

    private static void Collect(byte[] bytes, HashSet<string> kinds)
    {
        string s = PhpFrames.Show(bytes);
        foreach (string feature in Features)
        {
            if (s.Contains(feature)) kinds.Add(feature);
        }
    }
}
