using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Seeded randomized corruption of 32-bit PHP's layout, each image read in the layout detected
/// from its (corrupted) header: every image either works or throws the typed exceptions, a valid
/// report means every walk works, and writes keep a valid image valid.
/// </summary>
public class SysvShm32BitFuzzTests
{
    private const int Images = 12_000;

    private static readonly long[] Interesting = [0, 1, -1, 11, 12, 13, 23, 24, 25, 39, 40, int.MaxValue, int.MinValue];

    [Fact]
    public void RandomlyCorrupted32BitImagesWorkOrThrowTypedExceptions()
    {
        int corrupt = 0, valid = 0, detected32 = 0;
        for (int i = 0; i < Images; i++)
        {
            var rng = new Random(32_000 + i);
            byte[] image = Corrupt(BuildValidImage(rng), rng);
            SysvShmFormat f = SysvShmFormat.For(image, PhpShmLayout.Detect);
            if (f.Is32Bit) detected32++;
            try
            {
                if (Exercise(f, image, rng)) valid++;
                else corrupt++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"image {i} (seed {32_000 + i}, {image.Length} bytes, read as {f.Name}) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(image)}");
            }
        }
        Assert.True(corrupt > Images / 4, $"only {corrupt} corrupt images");
        Assert.True(valid > Images / 20, $"only {valid} valid images");
        Assert.True(detected32 > Images / 2, $"only {detected32} images read as 32-bit");
    }

    private static byte[] BuildValidImage(Random rng)
    {
        var image = new byte[rng.Next(24, 700)];
        SysvShmLayout.Initialize(SysvShmFormat.Php32, image);
        int puts = rng.Next(0, 12);
        for (int p = 0; p < puts; p++)
        {
            try { SysvShmLayout.Put(SysvShmFormat.Php32, image, rng.Next(-3, 8), Str(new string('v', rng.Next(0, 60)))); }
            catch (PhpShmFullException) { }
        }
        if (rng.Next(3) == 0) SysvShmLayout.Remove(SysvShmFormat.Php32, image, rng.Next(-3, 8));
        return image;
    }

    private static byte[] Corrupt(byte[] image, Random rng)
    {
        int mutations = rng.Next(1, 4);
        for (int m = 0; m < mutations; m++)
        {
            switch (rng.Next(5))
            {
                case 0:
                    if (image.Length > 0) image[rng.Next(image.Length)] ^= (byte)rng.Next(1, 256);
                    break;
                case 1: // a header field
                case 2: // or any 4-aligned int32 (chunk fields sit on them)
                {
                    int slots = image.Length / 4;
                    if (slots < 3) break;
                    int offset = rng.Next(2) == 0 ? 4 * rng.Next(2, Math.Min(6, slots)) : 4 * rng.Next(slots);
                    if (offset + 4 > image.Length) break;
                    int current = BitConverter.ToInt32(image, offset);
                    long v = rng.Next(4) switch
                    {
                        0 => Interesting[rng.Next(Interesting.Length)],
                        1 => image.Length + rng.Next(-30, 30),
                        2 => current + rng.Next(-8, 9),
                        _ => rng.Next(int.MinValue, int.MaxValue),
                    };
                    BitConverter.TryWriteBytes(image.AsSpan(offset, 4), unchecked((int)v));
                    break;
                }
                case 3:
                    Array.Resize(ref image, rng.Next(0, image.Length + 64));
                    break;
                default:
                    break;
            }
        }
        return image;
    }

    private static bool Exercise(SysvShmFormat f, byte[] image, Random rng)
    {
        PhpShmValidationReport report = SysvShmLayout.Validate(f, image);
        Assert.Equal(report.IsValid, report.Problems.Count == 0);
        bool keysWorked = Try(() => SysvShmLayout.Keys(f, image));
        if (report.IsValid) Assert.True(keysWorked, "Validate passed but Keys threw");
        if (!keysWorked) Assert.False(report.IsValid);

        Try(() =>
        {
            PhpShmHeader header = SysvShmLayout.ReadHeader(f, image);
            if (SysvShmLayout.TryFind(f, image, header, rng.Next(-3, 8), out SysvShmLayout.Chunk chunk))
                _ = SysvShmLayout.Data(image, chunk).ToArray();
        });
        Try(() => SysvShmLayout.Remove(f, image, rng.Next(-3, 8)));
        Try(() => SysvShmLayout.Put(f, image, rng.Next(-3, 8), Str(new string('w', rng.Next(0, 80)))));
        if (report.IsValid) Assert.True(SysvShmLayout.Validate(f, image).IsValid);
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
