using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Seeded randomized corruption: every image either works or throws the typed exceptions;
/// never an IndexOutOfRange, ArgumentOutOfRange, overflow or anything else.
/// </summary>
public class SysvShmFuzzTests
{
    private const int Images = 12_000;

    [Fact]
    public void RandomlyCorruptedImagesWorkOrThrowTypedExceptions()
    {
        int corrupt = 0, valid = 0;
        for (int i = 0; i < Images; i++)
        {
            var rng = new Random(20_000 + i);
            byte[] image = Corrupt(BuildValidImage(rng), rng);
            try
            {
                if (Exercise(image, rng)) valid++;
                else corrupt++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"image {i} (seed {20_000 + i}, {image.Length} bytes) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(image)}");
            }
        }
        // The generator must actually produce both kinds, or the test proves nothing.
        Assert.True(corrupt > Images / 4, $"only {corrupt} corrupt images");
        Assert.True(valid > Images / 20, $"only {valid} valid images");
    }

    private static byte[] BuildValidImage(Random rng)
    {
        byte[] image = NewImage(rng.Next(40, 700));
        int puts = rng.Next(0, 12);
        for (int p = 0; p < puts; p++)
        {
            try { SysvShmLayout.Put(image, rng.Next(-3, 8), Str(new string('v', rng.Next(0, 60)))); }
            catch (PhpShmFullException) { }
        }
        if (rng.Next(3) == 0) SysvShmLayout.Remove(image, rng.Next(-3, 8));
        return image;
    }

    private static readonly long[] Interesting = { 0, 1, -1, 7, 8, 23, 24, 31, 32, 39, 40, 41, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, uint.MaxValue };

    private static byte[] Corrupt(byte[] image, Random rng)
    {
        int mutations = rng.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            switch (rng.Next(5))
            {
                case 0: // flip a random byte
                    if (image.Length > 0) image[rng.Next(image.Length)] ^= (byte)rng.Next(1, 256);
                    break;
                case 1: // a header field
                case 2: // or any 8-aligned int64 (chunk fields sit on them)
                {
                    int slots = image.Length / 8;
                    if (slots == 0) break;
                    int offset = m % 2 == 1 || rng.Next(2) == 0 ? 8 * rng.Next(1, Math.Min(5, slots)) : 8 * rng.Next(slots);
                    if (offset + 8 > image.Length) break;
                    WriteLong(image, offset, NastyValue(rng, image.Length, ReadLong(image, offset)));
                    break;
                }
                case 3: // truncate or grow: the header no longer matches the real size
                    Array.Resize(ref image, rng.Next(0, image.Length + 64));
                    break;
                default: // leave untouched (some images stay valid)
                    break;
            }
        }
        return image;
    }

    private static long NastyValue(Random rng, int size, long current) => rng.Next(5) switch
    {
        0 => Interesting[rng.Next(Interesting.Length)],
        1 => size + rng.Next(-48, 48),
        2 => current + rng.Next(-16, 17),
        3 => -current,
        _ => rng.NextInt64(),
    };

    /// <summary>Runs every operation; returns whether the image validated.</summary>
    private static bool Exercise(byte[] image, Random rng)
    {
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(report.IsValid, report.Problems.Count == 0);
        bool keysWorked = Try(() => SysvShmLayout.Keys(image));
        // A valid report means the full walk works; a failing walk must be reported.
        if (report.IsValid) Assert.True(keysWorked, "Validate passed but Keys threw");
        if (!keysWorked) Assert.False(report.IsValid);

        Try(() => Get(image, rng.Next(-3, 8)));
        Try(() => SysvShmLayout.Remove(image, rng.Next(-3, 8)));
        Try(() => SysvShmLayout.Put(image, rng.Next(-3, 8), Str(new string('w', rng.Next(0, 80)))));
        // After successful writes the image must still be consistent if it was before.
        if (report.IsValid) Assert.True(SysvShmLayout.Validate(image).IsValid);
        return report.IsValid;
    }

    private static bool Try(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (PhpShmCorruptException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Problem.Field));
            return false;
        }
        catch (PhpShmFullException)
        {
            return true;
        }
    }
}
