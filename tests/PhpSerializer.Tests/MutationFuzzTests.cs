namespace PhpSerializer.Tests;

/// <summary>
/// Seeded byte mutations of valid serialized values: the reader never throws anything but
/// <see cref="PhpSerializationException"/>, and accepts/rejects exactly like PHP 8.2 (one php run).
/// </summary>
public class MutationFuzzTests
{
    private static readonly byte[] Alphabet = "0123456789:;\"{}aisdObNRrCESe+-.\0\xff"u8.ToArray();

    private static List<byte[]> Mutants(int seed, int count)
    {
        var rng = new Random(seed);
        var gen = new RandomPhpValues(seed);
        var list = new List<byte[]>(count);
        while (list.Count < count)
        {
            var bytes = new List<byte>(PhpSerialization.Serialize(gen.Next()));
            int edits = rng.Next(1, 4);
            for (int e = 0; e < edits && bytes.Count > 0; e++)
            {
                int at = rng.Next(bytes.Count);
                byte b = rng.Next(4) == 0 ? (byte)rng.Next(256) : Alphabet[rng.Next(Alphabet.Length)];
                switch (rng.Next(4))
                {
                    case 0: bytes[at] = b; break;
                    case 1: bytes.RemoveAt(at); break;
                    case 2: bytes.Insert(at, b); break;
                    default: bytes.RemoveRange(at, bytes.Count - at); break;
                }
            }
            list.Add(bytes.ToArray());
        }
        return list;
    }

    [Fact]
    public void MutatedInputNeverCrashesAndPhpAgrees()
    {
        var inputs = Mutants(99, 20_000);
        var ours = new List<byte[]?>(inputs.Count);
        foreach (var input in inputs)
        {
            try { ours.Add(PhpSerialization.Serialize(PhpSerialization.Unserialize(input))); }
            catch (PhpSerializationException e)
            {
                Assert.InRange(e.Offset, 0, input.Length);
                ours.Add(null);
            }
        }

        var php = PhpFrames.PhpRoundTrip(inputs);
        var disagreements = new List<string>();
        int accepted = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            string text = PhpFrames.Show(inputs[i]);
            // Class-dependent cases are outside a class-agnostic value model: enum cases PHP does not
            // know, Serializable payloads (run through the class's own unserialize()), and objects
            // (PHP adds declared defaults / turns int keys into strings).
            if (text.Contains("E:") || text.Contains("C:")) continue;
            if ((ours[i] is null) != (php[i] is null))
                disagreements.Add($"{text}\n  php: {(php[i] is null ? "rejects" : PhpFrames.Show(php[i]!))}\n  c#:  {(ours[i] is null ? "rejects" : PhpFrames.Show(ours[i]!))}");
            else if (ours[i] is not null && !text.Contains("O:") && !ours[i]!.AsSpan().SequenceEqual(php[i]))
                disagreements.Add($"{text}\n  php: {PhpFrames.Show(php[i]!)}\n  c#:  {PhpFrames.Show(ours[i]!)}");
            if (ours[i] is not null) accepted++;
        }
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(8)));
        Assert.InRange(accepted, 500, inputs.Count - 500); // both outcomes well represented
    }
}
