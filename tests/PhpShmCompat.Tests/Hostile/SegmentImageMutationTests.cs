using PhpSerializer;
using Xunit.Abstractions;

namespace PhpShmCompat.Tests.Hostile;

/// <summary>
/// At least 20,000 corrupted sysvshm segment images through the layout
/// engine. Every operation either works or throws <see cref="PhpShmCorruptException"/>,
/// <see cref="PhpShmFullException"/> or <see cref="PhpSerializationException"/>; never another
/// type, never a write outside the segment span (guard bytes around it must survive), the
/// collecting validator agrees with the throwing readers, and a valid image stays valid.
/// </summary>
public class SegmentImageMutationTests(ITestOutputHelper output)
{
    private const int Images = 24_000;
    private const int Seed = 0x5E6_0008;
    private const int Guard = 64;
    private const byte GuardByte = 0xA5;

    [Fact]
    public void CorruptedSegmentImagesWorkOrThrowTypedExceptions()
    {
        List<byte[]> seeds = SeedImages();
        var corruptor = new SegmentImageCorruptor(Seed);
        var failures = new List<string>();
        var outcome = new Dictionary<string, int>();
        int valid = 0, invalid = 0, puts = 0, removes = 0, variablesRead = 0;

        for (int i = 0; i < Images && failures.Count < 10; i++)
        {
            byte[] image = corruptor.Corrupt(seeds[corruptor.Random.Next(seeds.Count)]);
            try
            {
                bool ok = SysvShmLayout.Validate(image).IsValid;
                if (ok) valid++; else invalid++;
                variablesRead += ReadAll(image, ok, outcome);
                Mutate(image, ok, ref puts, ref removes, outcome);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                failures.Add($"image {i}: {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(image)}");
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add($"image {i}: {e.Message}\n{Convert.ToHexString(image)}");
            }
        }

        output.WriteLine($"segment mutation test: {Images} corrupted images from {seeds.Count} seeds (seed 0x{Seed:X}): " +
                         $"{valid} still valid, {invalid} invalid; {variablesRead} variables read, {puts} puts and {removes} removes succeeded; " +
                         $"typed rejections: {string.Join(", ", outcome.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}; {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(invalid > Images / 2, $"only {invalid} invalid images: the corruptor is too weak");
        Assert.True(valid > Images / 50, $"only {valid} valid images");
    }

    /// <summary>Reads the header, every key and every variable; returns the variables read.</summary>
    private static int ReadAll(byte[] image, bool valid, Dictionary<string, int> outcome)
    {
        List<long> keys;
        try
        {
            PhpShmHeader header = SysvShmLayout.ReadHeader(image);
            keys = SysvShmLayout.Keys(image);
            if (!valid) throw new Xunit.Sdk.XunitException($"Validate() reported problems but ReadHeader/Keys accepted the image (header {header})");
        }
        catch (PhpShmCorruptException e)
        {
            if (valid) throw new Xunit.Sdk.XunitException($"Validate() found no problem but reading threw: {e.Message}");
            Count(outcome, "corrupt");
            return 0;
        }
        int read = 0;
        foreach (long key in keys)
        {
            PhpShmHeader header = SysvShmLayout.ReadHeader(image);
            Assert.True(SysvShmLayout.TryFind(image, header, key, out SysvShmLayout.Chunk chunk), $"key {key} listed but not found");
            ReadOnlySpan<byte> data = SysvShmLayout.Data(image, chunk);
            try
            {
                _ = PhpSerialization.Unserialize(data);
                read++;
            }
            catch (PhpSerializationException)
            {
                Count(outcome, "bad data");
            }
        }
        return read;
    }

    /// <summary>Put and remove on a copy framed by guard bytes; checks the guards and the result.</summary>
    private static void Mutate(byte[] image, bool valid, ref int puts, ref int removes, Dictionary<string, int> outcome)
    {
        byte[] framed = new byte[image.Length + 2 * Guard];
        framed.AsSpan().Fill(GuardByte);
        image.CopyTo(framed.AsSpan(Guard));
        Span<byte> segment = framed.AsSpan(Guard, image.Length);
        byte[] value = "a:1:{s:3:\"new\";i:8;}"u8.ToArray();
        long key = image.Length % 5;
        try
        {
            SysvShmLayout.Put(segment, key, value);
            puts++;
            // Like PHP, a put only walks the chain up to the key it replaces, so a corrupt chunk
            // further on may survive a put; but a valid image must stay valid and the header sound.
            if (valid) Assert.True(SysvShmLayout.Validate(segment).IsValid, "Put turned a valid image invalid");
            // The new chunk is the last one (an older duplicate of the key may still come first, as in PHP).
            PhpShmHeader header = SysvShmLayout.ReadHeader(segment);
            int last = checked((int)(header.End - SysvShmLayout.ChunkSize(value.Length)));
            Assert.True(SysvShmLayout.ReadLong(segment, last) == key && segment.Slice(last + SysvShmLayout.ChunkHeaderSize, value.Length).SequenceEqual(value),
                "Put did not append the value at the end");
        }
        catch (PhpShmFullException)
        {
            Count(outcome, "full");
        }
        catch (PhpShmCorruptException)
        {
            Count(outcome, "corrupt on put");
        }
        try
        {
            bool validBefore = SysvShmLayout.Validate(segment).IsValid;
            if (SysvShmLayout.Remove(segment, image.Length % 3)) removes++;
            if (validBefore) Assert.True(SysvShmLayout.Validate(segment).IsValid, "Remove turned a valid image invalid");
            _ = SysvShmLayout.ReadHeader(segment);
        }
        catch (PhpShmCorruptException)
        {
            Count(outcome, "corrupt on remove");
        }
        for (int g = 0; g < Guard; g++)
        {
            if (framed[g] != GuardByte || framed[^(g + 1)] != GuardByte)
                throw new Xunit.Sdk.XunitException($"a write landed outside the segment (guard byte {g})");
        }
    }

    private static void Count(Dictionary<string, int> outcome, string what) => outcome[what] = outcome.GetValueOrDefault(what) + 1;

    /// <summary>
    /// Real PHP images (fuzz/corpus/segment, written by shm_put_var via fuzz/make-corpus.php)
    /// plus engine-made images of other sizes and fill levels.
    /// </summary>
    private static List<byte[]> SeedImages()
    {
        string dir = RepoPaths.Find("fuzz/corpus/segment");
        var seeds = Directory.GetFiles(dir, "*.bin").Order().Select(File.ReadAllBytes).ToList();
        Assert.True(seeds.Count >= 5, $"PHP segment images missing in {dir}");
        Assert.All(seeds, s => Assert.True(SysvShmLayout.Validate(s).IsValid, "a PHP seed image does not validate"));

        var rng = new Random(Seed);
        for (int n = 0; n < 30; n++)
        {
            var image = new byte[rng.Next(40, 900)];
            SysvShmLayout.Initialize(image);
            for (int p = rng.Next(0, 10); p > 0; p--)
            {
                byte[] data = System.Text.Encoding.ASCII.GetBytes($"s:{n}:\"{new string('x', n)}\";");
                try { SysvShmLayout.Put(image, rng.Next(0, 6), data); }
                catch (PhpShmFullException) { break; }
                if (rng.Next(4) == 0) SysvShmLayout.Remove(image, rng.Next(0, 6));
            }
            seeds.Add(image);
        }
        return seeds;
    }
}
