using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

public class SysvShmCorruptionTests
{
    /// <summary>A 400-byte image holding keys 1, 2, 3 (chunks at 40, 80, 136; end 176).</summary>
    private static byte[] Sample()
    {
        byte[] image = NewImage(400);
        SysvShmLayout.Put(image, 1, Int(7));            // 4 bytes  -> 40
        SysvShmLayout.Put(image, 2, Str("0123456789")); // 18 bytes -> 56
        SysvShmLayout.Put(image, 3, Str("x"));          // 8 bytes  -> 40
        return image;
    }

    [Theory]
    [InlineData("header.start", 8, 0)]
    [InlineData("header.start", 8, -40)]
    [InlineData("header.start", 8, 401)]
    [InlineData("header.end", 16, 39)]
    [InlineData("header.end", 16, 401)]
    [InlineData("header.end", 16, long.MinValue)]
    [InlineData("header.free", 24, -1)]
    [InlineData("header.free", 24, 400 - 176 + 1)]
    [InlineData("header.total", 32, 401)]
    [InlineData("header.total", 32, 39)]
    [InlineData("header.total", 32, -400)]
    public void BadHeaderFieldsNameTheFieldAndOffset(string field, int offset, long value)
    {
        byte[] image = Sample();
        WriteLong(image, offset, value);
        AssertCorrupt(image, field, offset);
    }

    [Fact]
    public void BadMagicIsReported()
    {
        byte[] image = Sample();
        image[3] = (byte)'X';
        AssertCorrupt(image, "header.magic", 0);
    }

    [Fact]
    public void MagicByte7IsNotChecked()
    {
        byte[] image = Sample();
        image[7] = 0x7F;
        Assert.True(SysvShmLayout.Validate(image).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(39)]
    public void SegmentSmallerThanTheHeader(int size)
    {
        var ex = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.ReadHeader(new byte[size]));
        Assert.Equal("segment size", ex.Problem.Field);
        Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Put(new byte[size], 1, Int(1)));
        var report = SysvShmLayout.Validate(new byte[size]);
        Assert.False(report.IsValid);
        Assert.Null(report.Header);
    }

    [Theory]
    [InlineData(80 + 8, -1, "chunk.length")]
    [InlineData(80 + 8, 10_000, "chunk.length")]
    [InlineData(80 + 8, 176 - 80 - 24 + 1, "chunk.length")]
    [InlineData(80 + 16, 0, "chunk.next")]
    [InlineData(80 + 16, -56, "chunk.next")]
    [InlineData(80 + 16, 24, "chunk.next")]            // shorter than header + data
    [InlineData(80 + 16, 176 - 80 + 8, "chunk.next")]  // points past end
    [InlineData(80 + 16, long.MaxValue, "chunk.next")]
    public void BadChunkFieldsNameTheFieldAndOffset(int offset, long value, string field)
    {
        byte[] image = Sample();
        WriteLong(image, offset, value);
        // Key 1 sits before the broken chunk and is still found; key 3 sits after it.
        Assert.Equal(Int(7), Get(image, 1));
        var ex = Assert.Throws<PhpShmCorruptException>(() => Get(image, 3));
        Assert.Equal(field, ex.Problem.Field);
        Assert.Equal(offset, ex.Problem.Offset);
        AssertCorrupt(image, field, offset);
    }

    [Fact]
    public void EndInsideAChunkHeaderIsReported()
    {
        byte[] image = Sample();
        WriteLong(image, 16, 136 + 10); // end cuts the third chunk's header
        WriteLong(image, 24, 400 - (136 + 10));
        AssertCorrupt(image, "chunk header", 136);
    }

    [Fact]
    public void ValidateReportsEveryProblemAtOnce()
    {
        byte[] image = Sample();
        image[0] = 0;
        WriteLong(image, 24, -5);       // free
        WriteLong(image, 40 + 8, -1);   // chunk 1 length (next still fine, walk continues)
        WriteLong(image, 80 + 16, 3);   // chunk 2 next (walk stops)
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(new[] { "header.magic", "header.free", "chunk.length", "chunk.next" }, report.Problems.Select(p => p.Field));
        Assert.Equal(new long[] { 0, 24, 48, 96 }, report.Problems.Select(p => p.Offset));
        Assert.Equal("-5", report.Problems[1].Value);
        Assert.Contains("header.free at offset 24 is -5, expected 0..224", report.ToString());
    }

    [Fact]
    public void AValidImageValidates()
    {
        PhpShmValidationReport report = SysvShmLayout.Validate(Sample());
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(3, report.VariableCount);
        Assert.Equal(new PhpShmHeader(40, 176, 224, 400), report.Header);
    }

    private static void AssertCorrupt(byte[] image, string field, long offset)
    {
        byte[] before = (byte[])image.Clone();
        var ex = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Keys(image));
        Assert.Equal(field, ex.Problem.Field);
        Assert.Equal(offset, ex.Problem.Offset);
        Assert.Contains(field, ex.Message);
        Assert.Contains($"offset {offset}", ex.Message);
        Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Put(image, 99, Int(1)));
        Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Remove(image, 3));
        Assert.Equal(before, image); // nothing written to a corrupt segment
        Assert.Contains(SysvShmLayout.Validate(image).Problems, p => p.Field == field && p.Offset == offset);
    }
}
