using System.Text;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// 32-bit PHP's sysvshm layout (4-byte fields: 24-byte header, 12-byte chunk headers), checked
/// against an image 32-bit PHP 8.2 wrote, and its checks, as strict as the 64-bit ones.
/// </summary>
public class SysvShm32BitLayoutTests
{
    private static readonly SysvShmFormat F32 = SysvShmFormat.Php32;

    // Captured from PHP 8.2.32 i386 (PHP_INT_SIZE 4): shm_attach($k, 1000); put 1 "abc";
    // put 0x7fffffff [1, 2]; put -5 3000000000 (a float in 32-bit PHP); shmop_read($id, 0, 200).
    private const string PhpImage =
        "5048505f534d0000180000007c0000006c030000e8030000010000000a000000" +
        "1c000000733a333a22616263223b000000000000ffffff7f1600000028000000" +
        "613a323a7b693a303b693a313b693a313b693a323b7d000000000000fbffffff" +
        "0d00000020000000643a333030303030303030303b";

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] ExpectedImage()
    {
        var image = new byte[1000];
        Convert.FromHexString(PhpImage).CopyTo(image, 0);
        return image;
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 20)]
    [InlineData(4, 20)]
    [InlineData(5, 24)]
    [InlineData(10, 28)] // "s:3:\"abc\";" above: next = 28
    [InlineData(22, 40)]
    [InlineData(13, 32)]
    public void ChunkSizeIs32BitPhpsFormula(long length, long expected) => Assert.Equal(expected, F32.ChunkSize(length));

    [Fact]
    public void WritesTheImage32BitPhpWroteByteForByte()
    {
        var image = new byte[1000];
        SysvShmLayout.Initialize(F32, image);
        SysvShmLayout.Put(F32, image, 1, Bytes("s:3:\"abc\";"));
        SysvShmLayout.Put(F32, image, int.MaxValue, Bytes("a:2:{i:0;i:1;i:1;i:2;}"));
        SysvShmLayout.Put(F32, image, -5, Bytes("d:3000000000;"));
        Assert.Equal(Convert.ToHexString(ExpectedImage()), Convert.ToHexString(image));
    }

    [Fact]
    public void ReadsThe32BitImage()
    {
        byte[] image = ExpectedImage();
        Assert.Equal(new PhpShmHeader(24, 124, 876, 1000), SysvShmLayout.ReadHeader(F32, image));
        Assert.Equal(new long[] { 1, int.MaxValue, -5 }, SysvShmLayout.Keys(F32, image));
        Assert.True(SysvShmLayout.TryFind(F32, image, SysvShmLayout.ReadHeader(F32, image), -5, out SysvShmLayout.Chunk chunk));
        Assert.Equal("d:3000000000;", Encoding.ASCII.GetString(SysvShmLayout.Data(image, chunk)));
        Assert.Equal(92 + 12, chunk.DataOffset);
        PhpShmValidationReport report = SysvShmLayout.Validate(F32, image);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(PhpShmLayout.Php32, report.Layout);
        Assert.Equal(3, report.VariableCount);
    }

    [Fact]
    public void RemoveCompactsAsPhpDoes()
    {
        byte[] image = ExpectedImage();
        Assert.True(SysvShmLayout.Remove(F32, image, 1));
        Assert.Equal(new PhpShmHeader(24, 96, 904, 1000), SysvShmLayout.ReadHeader(F32, image));
        Assert.Equal(new long[] { int.MaxValue, -5 }, SysvShmLayout.Keys(F32, image));
        Assert.False(SysvShmLayout.Remove(F32, image, 1));
    }

    [Fact]
    public void DetectionTells32BitFrom64BitAndNeverTakesA64BitSegmentFor32Bit()
    {
        Assert.True(SysvShmFormat.For(ExpectedImage(), PhpShmLayout.Detect).Is32Bit);
        var image64 = new byte[1000];
        SysvShmLayout.Initialize(image64);
        SysvShmLayout.Put(image64, 1, Bytes("i:5;"));
        Assert.False(SysvShmFormat.For(image64, PhpShmLayout.Detect).Is32Bit);
        Assert.False(SysvShmFormat.For(new byte[1000], PhpShmLayout.Detect).Is32Bit); // no magic: 64-bit
        // A 64-bit header whose start was corrupted to 24 reads as 32-bit, and is still corrupt.
        byte[] corrupt = (byte[])image64.Clone();
        SysvShmLayout.WriteLong(corrupt, SysvShmLayout.StartOffset, 24);
        Assert.True(SysvShmFormat.For(corrupt, PhpShmLayout.Detect).Is32Bit);
        Assert.False(SysvShmLayout.Validate(F32, corrupt).IsValid);
        // Forcing either layout on the other's segment reports corruption.
        Assert.True(SysvShmFormat.For(ExpectedImage(), PhpShmLayout.Php64).Is32Bit is false);
        Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.ReadHeader(SysvShmFormat.For(ExpectedImage(), PhpShmLayout.Php64), ExpectedImage()));
        Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.ReadHeader(SysvShmFormat.For(image64, PhpShmLayout.Php32), image64));
    }

    [Theory]
    [InlineData("header.start", 8, 23)]
    [InlineData("header.start", 8, 1001)]
    [InlineData("header.end", 12, 23)]
    [InlineData("header.end", 12, 1001)]
    [InlineData("header.free", 16, -1)]
    [InlineData("header.free", 16, 877)]
    [InlineData("header.total", 20, 23)]
    [InlineData("header.total", 20, 1001)]
    [InlineData("chunk.length", 28, 1000)]
    [InlineData("chunk.length", 28, -1)]
    [InlineData("chunk.next", 32, 21)]
    [InlineData("chunk.next", 32, 101)]
    [InlineData("chunk.next", 32, 0)]
    public void Corrupt32BitFieldsAreReportedWithFieldAndOffset(string field, int offset, int value)
    {
        byte[] image = ExpectedImage();
        BitConverter.TryWriteBytes(image.AsSpan(offset, 4), value);
        PhpShmValidationReport report = SysvShmLayout.Validate(F32, image);
        Assert.False(report.IsValid);
        Assert.Contains(report.Problems, p => p.Field == field && p.Offset == offset);
        var ex = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Keys(F32, image));
        Assert.Equal(field, ex.Problem.Field);
        // Detection of a corrupted 32-bit header never turns it into a valid segment.
        Assert.False(SysvShmLayout.Validate(SysvShmFormat.For(image, PhpShmLayout.Detect), image).IsValid);
        // Nothing is written to it.
        byte[] before = (byte[])image.Clone();
        Assert.ThrowsAny<Exception>(() => SysvShmLayout.Put(F32, image, 9, Bytes("i:1;")));
        Assert.Equal(before, image);
    }

    [Fact]
    public void A32BitSegmentSmallerThanItsHeaderIsCorrupt()
    {
        var ex = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.ReadHeader(F32, new byte[23]));
        Assert.Equal("segment size", ex.Problem.Field);
    }

    [Fact]
    public void VariableKeysBeyond32BitPhpsIntAreRefused()
    {
        var image = new byte[1000];
        SysvShmLayout.Initialize(F32, image);
        byte[] before = (byte[])image.Clone();
        Assert.Throws<ArgumentOutOfRangeException>(() => SysvShmLayout.Put(F32, image, (long)int.MaxValue + 1, Bytes("i:1;")));
        Assert.Throws<ArgumentOutOfRangeException>(() => SysvShmLayout.Put(F32, image, (long)int.MinValue - 1, Bytes("i:1;")));
        Assert.Equal(before, image);
        SysvShmLayout.Put(F32, image, int.MinValue, Bytes("i:1;"));
        Assert.Equal(new long[] { int.MinValue }, SysvShmLayout.Keys(F32, image));
    }

    [Fact]
    public void FullSegmentKeepsTheOldValue()
    {
        var image = new byte[60];
        SysvShmLayout.Initialize(F32, image); // 36 bytes free
        SysvShmLayout.Put(F32, image, 1, Bytes("i:5;")); // 20
        var ex = Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(F32, image, 1, Bytes("s:30:\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\";")));
        Assert.Equal(56, ex.Needed);
        Assert.Equal(36, ex.Available);
        Assert.Equal(new long[] { 1 }, SysvShmLayout.Keys(F32, image));
    }

    [Theory]
    [InlineData("i:3000000000;", "d:3000000000;")]
    [InlineData("i:-2147483649;", "d:-2147483649;")]
    [InlineData("i:2147483647;", null)]
    [InlineData("i:-2147483648;", null)]
    [InlineData("a:2:{i:0;i:9223372036854775807;s:1:\"k\";i:5;}", "a:2:{i:0;d:9.223372036854776E+18;s:1:\"k\";i:5;}")]
    [InlineData("s:13:\"i:3000000000;\";", null)] // inside a string: bytes, not an int
    [InlineData("O:8:\"stdClass\":1:{s:1:\"n\";i:1099511627776;}", "O:8:\"stdClass\":1:{s:1:\"n\";d:1099511627776;}")]
    public void IntsBeyond32BitsBecomeFloatsAs32BitPhpWritesThem(string serialized, string? expected)
    {
        byte[]? narrowed = Php32Integers.Narrow(Bytes(serialized), PhpShmLargeIntegers.AsFloat, 1);
        Assert.Equal(expected, narrowed is null ? null : Encoding.ASCII.GetString(narrowed));
        Assert.Null(Php32Integers.Narrow(Bytes(serialized), PhpShmLargeIntegers.AsInt, 1));
    }

    [Fact]
    public void ArrayKeysBeyond32BitsAndThrowModeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Php32Integers.Narrow(Bytes("a:1:{i:3000000000;i:1;}"), PhpShmLargeIntegers.AsFloat, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Php32Integers.Narrow(Bytes("a:1:{i:3000000000;i:1;}"), PhpShmLargeIntegers.AsInt, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Php32Integers.Narrow(Bytes("i:3000000000;"), PhpShmLargeIntegers.Throw, 1));
        Assert.Null(Php32Integers.Narrow(Bytes("i:30;"), PhpShmLargeIntegers.Throw, 1));
    }
}
