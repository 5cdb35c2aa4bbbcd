namespace PhpShmCompat.Tests.SysvShm;

/// <summary>The "largest value that still fits" arithmetic against PHP's chunk size rule, by brute force.</summary>
public class PhpShmCapacityTests
{
    [Fact]
    public void MaxLengthIsTheLargestLengthWhoseChunkFits()
    {
        foreach (SysvShmFormat f in new[] { SysvShmFormat.Php64, SysvShmFormat.Php32 })
        {
            for (long available = 0; available < 600; available++)
            {
                long expected = -1;
                for (long length = 0; f.ChunkSize(length) <= available; length++) expected = length;
                Assert.Equal(expected, PhpShmCapacity.MaxLength(f, available));
            }
        }
    }

    [Fact]
    public void CapacityOfAnImageCountsUsedFreeAndTheLargestVariable()
    {
        var image = new byte[1000];
        SysvShmLayout.Initialize(image);
        SysvShmLayout.Put(image, 1, "i:1;"u8);
        SysvShmLayout.Put(image, 2, "s:10:\"0123456789\";"u8);
        PhpShmCapacity c = PhpShmCapacity.Of(SysvShmFormat.Php64, image);
        PhpShmHeader h = SysvShmLayout.ReadHeader(image);
        Assert.Equal(h.Total - h.Free, c.Used);
        Assert.Equal(2, c.Variables);
        Assert.Equal(2, c.LargestVariableKey);
        Assert.Equal(18, c.LargestVariableLength);
        Assert.Equal(PhpShmCapacity.MaxLength(SysvShmFormat.Php64, h.Free + SysvShmLayout.ChunkSize(18)), c.LargestVariableRoom);
        // What it promises is what Put does: exactly that many bytes fit, one more does not.
        var copy = (byte[])image.Clone();
        SysvShmLayout.Put(copy, 2, new byte[c.LargestVariableRoom!.Value]);
        Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, 2, new byte[c.LargestVariableRoom!.Value + 1]));
        copy = (byte[])image.Clone();
        SysvShmLayout.Put(copy, 3, new byte[c.NewVariableRoom]);
        Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, 3, new byte[c.NewVariableRoom + 1]));
    }
}
