namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Which layout a segment is read with when none is asked for: 32-bit only for a segment with
/// PHP's magic and 24 as its first 4-byte field (the 32-bit header size), down to a segment of
/// just that header; and the layout's name in the messages that depend on it.
/// </summary>
public class SysvShmFormatDetectionTests
{
    private static byte[] Segment(int size, bool magic, int firstField)
    {
        var segment = new byte[size];
        if (magic) SysvShmLayout.Magic.CopyTo(segment);
        BitConverter.TryWriteBytes(segment.AsSpan(8, 4), firstField);
        return segment;
    }

    [Fact]
    public void OnlyAMagicSegmentWhoseFirstFieldIs24IsReadAs32Bit()
    {
        Assert.True(SysvShmFormat.For(Segment(64, magic: true, 24), PhpShmLayout.Detect).Is32Bit);
        Assert.True(SysvShmFormat.For(Segment(24, magic: true, 24), PhpShmLayout.Detect).Is32Bit); // the header alone
        Assert.False(SysvShmFormat.For(Segment(64, magic: false, 24), PhpShmLayout.Detect).Is32Bit);
        Assert.False(SysvShmFormat.For(Segment(64, magic: true, 40), PhpShmLayout.Detect).Is32Bit);
        Assert.False(SysvShmFormat.For(Segment(12, magic: true, 24), PhpShmLayout.Detect).Is32Bit); // shorter than any header
        Assert.True(SysvShmFormat.For(Segment(64, magic: false, 0), PhpShmLayout.Php32).Is32Bit);
        Assert.False(SysvShmFormat.For(Segment(64, magic: true, 24), PhpShmLayout.Php64).Is32Bit);
    }

    [Fact]
    public void MessagesNameTheLayout()
    {
        Assert.Equal("32-bit", SysvShmFormat.Php32.Name);
        Assert.Equal("64-bit", SysvShmFormat.Php64.Name);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SysvShmLayout.Put(SysvShmFormat.Php32, ShmImages.NewImage(4096), 1L << 40, ShmImages.Int(1)));
        Assert.StartsWith("a variable key of a 32-bit sysvshm segment is a 32-bit PHP int", e.Message);
    }
}
