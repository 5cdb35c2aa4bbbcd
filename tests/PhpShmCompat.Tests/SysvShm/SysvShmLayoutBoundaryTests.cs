using System.Globalization;
using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// The layout's checks at their edges: every field's problem by name, offset, value and
/// expected range, the last valid value of each range and the first invalid one, chunks that
/// fill their room exactly, and how far <see cref="SysvShmLayout.Validate"/> walks under a bad header.
/// </summary>
public class SysvShmLayoutBoundaryTests
{
    /// <summary>A 400-byte image holding keys 1, 2, 3 (chunks at 40, 80, 136; end 176; free 224).</summary>
    private static byte[] Sample()
    {
        byte[] image = NewImage(400);
        SysvShmLayout.Put(image, 1, Int(7));            // 4 bytes  -> 40
        SysvShmLayout.Put(image, 2, Str("0123456789")); // 18 bytes -> 56
        SysvShmLayout.Put(image, 3, Str("x"));          // 8 bytes  -> 40
        return image;
    }

    private static void WriteHeader(byte[] image, long start, long end, long free, long total)
    {
        WriteLong(image, SysvShmLayout.StartOffset, start);
        WriteLong(image, SysvShmLayout.EndOffset, end);
        WriteLong(image, SysvShmLayout.FreeOffset, free);
        WriteLong(image, SysvShmLayout.TotalOffset, total);
    }

    private static void WriteChunk(byte[] image, int at, long key, long length, long next)
    {
        WriteLong(image, at, key);
        WriteLong(image, at + 8, length);
        WriteLong(image, at + 16, next);
    }

    private static PhpShmProblem Single(byte[] image)
    {
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        PhpShmProblem problem = Assert.Single(report.Problems);
        var thrown = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Keys(image));
        Assert.Equal(problem, thrown.Problem); // the throwing walk stops at the same problem
        return problem;
    }

    private static void AssertProblem(PhpShmProblem problem, string field, long offset, string value, string expected)
    {
        Assert.Equal(field, problem.Field);
        Assert.Equal(offset, problem.Offset);
        Assert.Equal(value, problem.Value);
        Assert.Equal(expected, problem.Expected);
        Assert.Equal($"{field} at offset {offset} is {value}, expected {expected}", problem.ToString());
    }

    // ---- header fields: name, offset, value and the range in force ----

    [Fact]
    public void MagicProblemShowsTheBytesFound()
    {
        byte[] image = Sample();
        image[0] = (byte)'X';
        AssertProblem(Single(image), "header.magic", 0, "584850" + "5F534D00", "50485F534D00 (\"PHP_SM\\0\")");
    }

    [Theory]
    [InlineData(39, "40..400 (the segment size)")]
    [InlineData(401, "40..400 (the segment size)")]
    [InlineData(-1, "40..400 (the segment size)")]
    public void TotalOutsideHeaderToSegmentSize(long total, string expected)
    {
        byte[] image = Sample();
        WriteLong(image, SysvShmLayout.TotalOffset, total);
        AssertProblem(Single(image), "header.total", 32, total.ToString(CultureInfo.InvariantCulture), expected);
    }

    [Theory]
    [InlineData(39, "40..400")]
    [InlineData(401, "40..400")]
    [InlineData(long.MinValue, "40..400")]
    public void StartOutsideHeaderToTotal(long start, string expected)
    {
        byte[] image = Sample();
        WriteLong(image, SysvShmLayout.StartOffset, start);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        AssertProblem(Assert.Single(report.Problems), "header.start", 8, start.ToString(CultureInfo.InvariantCulture), expected);
        Assert.Equal(0, report.VariableCount); // no walk from a start that is not trusted
    }

    [Fact]
    public void StartIsCheckedAgainstAValidTotalNotTheSegmentSize()
    {
        byte[] image = Sample();
        WriteHeader(image, 300, 300, 0, 200); // total 200 is valid; start 300 is past it
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        AssertProblem(report.Problems[0], "header.start", 8, "300", "40..200");
        AssertProblem(report.Problems[1], "header.end", 16, "300", "40..200");
        Assert.Equal(2, report.Problems.Count);
    }

    [Theory]
    [InlineData(39, "40..400")]
    [InlineData(401, "40..400")]
    public void EndOutsideStartToTotal(long end, string expected)
    {
        byte[] image = Sample();
        WriteHeader(image, 40, end, 0, 400);
        AssertProblem(SysvShmLayout.Validate(image).Problems[0], "header.end", 16, end.ToString(CultureInfo.InvariantCulture), expected);
    }

    [Fact]
    public void EndIsCheckedAgainstTheSegmentSizeWhenTotalIsBad()
    {
        byte[] image = Sample();
        WriteHeader(image, 40, 401, 0, 401);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(new[] { "header.total", "header.end" }, report.Problems.Select(p => p.Field));
        AssertProblem(report.Problems[1], "header.end", 16, "401", "40..400");
    }

    [Fact]
    public void EndBelowAValidStartNamesTheStart()
    {
        byte[] image = Sample();
        WriteHeader(image, 80, 79, 0, 400);
        AssertProblem(Single(image), "header.end", 16, "79", "80..400");
    }

    [Fact]
    public void EndIsCheckedAgainstAValidTotal()
    {
        byte[] image = Sample();
        WriteHeader(image, 40, 176, 0, 150);
        AssertProblem(Single(image), "header.end", 16, "176", "40..150");
    }

    [Theory]
    [InlineData(40, 176, 225, 400, "0..224 (total - end)")]   // one past total - end
    [InlineData(40, 176, -1, 400, "0..224 (total - end)")]
    [InlineData(40, 176, 25, 200, "0..24 (total - end)")]     // total, not the segment size
    [InlineData(40, 999, 361, 400, "0..360 (total - end)")]   // a bad end: from start
    [InlineData(88, 999, 313, 400, "0..312 (total - end)")]
    public void FreeOutsideZeroToTotalMinusEnd(long start, long end, long free, long total, string expected)
    {
        byte[] image = Sample();
        WriteHeader(image, start, end, free, total);
        PhpShmProblem problem = SysvShmLayout.Validate(image).Problems.Single(p => p.Field == "header.free");
        AssertProblem(problem, "header.free", 24, free.ToString(CultureInfo.InvariantCulture), expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    public void SegmentSizeProblem(int size)
    {
        var image = new byte[size];
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        AssertProblem(Assert.Single(report.Problems), "segment size", 0, size.ToString(CultureInfo.InvariantCulture), ">= 40 (the 64-bit sysvshm header)");
        Assert.Equal(size, report.SegmentSize);
        Assert.Equal(0, report.VariableCount);
        var ex = Assert.Throws<PhpShmCorruptException>(() => SysvShmLayout.Initialize(image));
        AssertProblem(ex.Problem, "segment size", 0, size.ToString(CultureInfo.InvariantCulture), ">= 40 (the 64-bit sysvshm header)");
    }

    // ---- the last valid header values ----

    [Fact]
    public void AFortyByteSegmentIsAValidEmptySegment()
    {
        byte[] image = NewImage(40);
        Assert.Equal(new PhpShmHeader(40, 40, 0, 40), SysvShmLayout.ReadHeader(image));
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.True(report.IsValid);
        Assert.Equal(new PhpShmHeader(40, 40, 0, 40), report.Header);
        Assert.Empty(SysvShmLayout.Keys(image));
        Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, 1, Int(1)));
    }

    [Theory]
    [InlineData(40, 40, 0, 40)]      // total = header size
    [InlineData(40, 40, 360, 400)]   // total = segment size, free = total - end
    [InlineData(40, 176, 0, 176)]    // end = total
    [InlineData(176, 176, 0, 200)]   // start = end: no variables
    [InlineData(40, 176, 224, 400)]
    [InlineData(40, 176, 0, 400)]    // free may be less than total - end
    public void EdgeHeadersAreValid(long start, long end, long free, long total)
    {
        byte[] image = Sample();
        WriteHeader(image, start, end, free, total);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(new PhpShmHeader(start, end, free, total), SysvShmLayout.ReadHeader(image));
    }

    [Fact]
    public void StartEqualToTotalIsValid()
    {
        byte[] image = Sample();
        WriteHeader(image, 200, 200, 0, 200);
        Assert.True(SysvShmLayout.Validate(image).IsValid);
        Assert.Empty(SysvShmLayout.Keys(image));
    }

    // ---- chunk fields ----

    [Fact]
    public void ChunkLengthProblemNamesItsRangeAndKey()
    {
        byte[] image = Sample();
        WriteLong(image, 80 + 8, 73); // room 96 - 24 = 72
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        AssertProblem(report.Problems[0], "chunk.length", 88, "73", "0..72 (key 2)");
        // A bad length is not used for the next check: next 56 is within 24..96, so the walk goes on.
        Assert.Single(report.Problems);
        Assert.Equal(3, report.VariableCount);
    }

    [Fact]
    public void ChunkNextProblemNamesItsRangeAndKey()
    {
        byte[] image = Sample();
        WriteLong(image, 80 + 16, 41); // length 18: next must be 42..96
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        AssertProblem(Assert.Single(report.Problems), "chunk.next", 96, "41", "42..96 (key 2)");
        Assert.Equal(1, report.VariableCount); // the walk stops at a next it cannot use
    }

    [Fact]
    public void ChunkNextPastEndNamesItsRange()
    {
        byte[] image = Sample();
        WriteLong(image, 80 + 16, 97);
        AssertProblem(Single(image), "chunk.next", 96, "97", "42..96 (key 2)");
    }

    [Fact]
    public void BadLengthAndBadNextAreBothReported()
    {
        byte[] image = Sample();
        WriteLong(image, 80 + 8, -1);
        WriteLong(image, 80 + 16, 23);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(2, report.Problems.Count);
        AssertProblem(report.Problems[0], "chunk.length", 88, "-1", "0..72 (key 2)");
        AssertProblem(report.Problems[1], "chunk.next", 96, "23", "24..96 (key 2)"); // from the header size alone
        Assert.Equal(1, report.VariableCount);
    }

    [Fact]
    public void ChunkHeaderCutByEndNamesTheRoomLeft()
    {
        byte[] image = Sample();
        WriteHeader(image, 40, 136 + 23, 0, 400);
        AssertProblem(Single(image), "chunk header", 136, "23 byte(s) before header.end", ">= 24 bytes");
        Assert.Equal(2, SysvShmLayout.Validate(image).VariableCount);
    }

    [Fact]
    public void ChunksThatFillTheirRoomExactlyAreValidAndFound()
    {
        // Hand-made (PHP always leaves padding): next = 24 + length, and the last chunk is a
        // bare 24-byte header that ends exactly at end.
        byte[] image = NewImage(200);
        byte[] five = Int(5); // 4 bytes
        WriteChunk(image, 40, 10, five.Length, 24 + five.Length);
        five.CopyTo(image, 40 + 24);
        WriteChunk(image, 68, 12, 8, 32);
        Int(1234).CopyTo(image, 68 + 24);  // "i:1234;" is 7 bytes; length 8 keeps one stale byte
        WriteChunk(image, 100, 11, 0, 24); // empty data: only the chunk header
        WriteHeader(image, 40, 124, 76, 200);

        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.True(report.IsValid, report.ToString());
        Assert.Equal(3, report.VariableCount);
        Assert.Equal(new long[] { 10, 12, 11 }, SysvShmLayout.Keys(image));
        Assert.Equal(five, Get(image, 10));
        Assert.Equal(8, Get(image, 12)!.Length);
        Assert.Equal(Array.Empty<byte>(), Get(image, 11));
        Assert.Null(Get(image, 13));
        var chunks = SysvShmLayout.Chunks(image);
        Assert.Equal(new[] { 40, 68, 100 }, chunks.Select(c => c.Offset));
        Assert.Equal(new[] { 28, 32, 24 }, chunks.Select(c => c.Next));
        Assert.Equal(new[] { 4, 8, 0 }, chunks.Select(c => c.Length));
        Assert.Equal(new[] { 64, 92, 124 }, chunks.Select(c => c.DataOffset));

        // Removing the middle chunk moves the last one down by exactly its 32 bytes.
        Assert.True(SysvShmLayout.Remove(image, 12));
        Assert.Equal(new long[] { 10, 11 }, SysvShmLayout.Keys(image));
        Assert.Equal(new PhpShmHeader(40, 92, 108, 200), SysvShmLayout.ReadHeader(image));
        Assert.Equal(Array.Empty<byte>(), Get(image, 11));
        Assert.True(SysvShmLayout.Remove(image, 11)); // the last chunk: nothing to move
        Assert.Equal(new PhpShmHeader(40, 68, 132, 200), SysvShmLayout.ReadHeader(image));
        Assert.Equal(five, Get(image, 10));
    }

    [Fact]
    public void AChunkOneByteTooLongForItsNextIsFoundByNeitherWalk()
    {
        byte[] image = NewImage(200);
        WriteChunk(image, 40, 10, 5, 28);  // 24 + 5 > 28
        WriteHeader(image, 40, 80, 120, 200);
        var ex = Assert.Throws<PhpShmCorruptException>(() => Get(image, 10));
        AssertProblem(ex.Problem, "chunk.next", 56, "28", "29..40 (key 10)");
        AssertProblem(Single(image), "chunk.next", 56, "28", "29..40 (key 10)");
    }

    // ---- the walk under a bad header ----

    [Fact]
    public void ValidateWalksTheChainWhenOnlyMagicTotalOrFreeAreBad()
    {
        byte[] image = Sample();
        image[1] = 0;
        WriteLong(image, SysvShmLayout.TotalOffset, 401);
        WriteLong(image, 80 + 16, 3); // the second chunk's next: reported only if the walk happens
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(new[] { "header.magic", "header.total", "chunk.next" }, report.Problems.Select(p => p.Field));
        Assert.Equal(1, report.VariableCount);
    }

    [Fact]
    public void ValidateWalksToAnEndAtTheSegmentSizeUnderABadTotal()
    {
        byte[] image = Sample();
        WriteHeader(image, 40, 400, 0, 401); // end = segment size: the walk is safe
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(new[] { "header.total", "chunk.next" }, report.Problems.Select(p => p.Field));
        AssertProblem(report.Problems[1], "chunk.next", 176 + 16, "0", "24..224 (key 0)"); // zero bytes after the last chunk
        Assert.Equal(3, report.VariableCount);
    }

    [Theory]
    [InlineData(39, 176, 400)]  // start before the header
    [InlineData(177, 176, 400)] // start after end
    [InlineData(40, 401, 401)]  // end past the segment
    public void ValidateDoesNotWalkFromAnUntrustedStartOrEnd(long start, long end, long total)
    {
        byte[] image = Sample();
        WriteHeader(image, start, end, 0, total);
        WriteLong(image, 80 + 16, 3);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.DoesNotContain(report.Problems, p => p.Field.StartsWith("chunk", StringComparison.Ordinal));
        Assert.Equal(0, report.VariableCount);
        Assert.NotNull(report.Header);
    }

    [Fact]
    public void ValidateWalksFromAStartEqualToEnd()
    {
        byte[] image = Sample();
        WriteHeader(image, 176, 176, 0, 401);
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        Assert.Equal(new[] { "header.total" }, report.Problems.Select(p => p.Field));
        Assert.Equal(0, report.VariableCount);
    }

    [Fact]
    public void ReportSummaryListsHeaderCountAndProblems()
    {
        byte[] image = Sample();
        Assert.Equal("segment size 400, start 40, end 176, free 224, total 400, 3 variable(s): OK", SysvShmLayout.Validate(image).ToString());
        WriteLong(image, SysvShmLayout.FreeOffset, -5);
        WriteLong(image, 80 + 16, 3);
        string text = SysvShmLayout.Validate(image).ToString();
        Assert.Equal(
            "segment size 400, start 40, end 176, free -5, total 400, 1 variable(s): 2 problem(s)" + Environment.NewLine +
            "  header.free at offset 24 is -5, expected 0..224 (total - end)" + Environment.NewLine +
            "  chunk.next at offset 96 is 3, expected 42..96 (key 2)",
            text);
        Assert.Equal("segment size 3, 0 variable(s): 1 problem(s)" + Environment.NewLine +
            "  segment size at offset 0 is 3, expected >= 40 (the 64-bit sysvshm header)", SysvShmLayout.Validate(new byte[3]).ToString());
    }

    // ---- magic ----

    [Theory]
    [InlineData("PHP_SM\0", true)]
    [InlineData("PHP_SM\0extra", true)]
    [InlineData("PHP_SM", false)]   // too short for the terminating NUL
    [InlineData("PHP_SMX", false)]
    [InlineData("", false)]
    [InlineData("php_sm\0", false)]
    public void MagicIsTheSevenBytesOfTheNulTerminatedString(string bytes, bool expected)
        => Assert.Equal(expected, SysvShmLayout.HasMagic(System.Text.Encoding.ASCII.GetBytes(bytes)));

    [Fact]
    public void PutOfExactlyTheFreeRoomFillsTheSegment()
    {
        byte[] image = NewImage(40 + 48);
        byte[] value = Str("0123456"); // 15 bytes -> 48
        Assert.Equal(48, SysvShmLayout.ChunkSize(value.Length));
        SysvShmLayout.Put(image, 1, value);
        Assert.Equal(new PhpShmHeader(40, 88, 0, 88), SysvShmLayout.ReadHeader(image));
        var full = Assert.Throws<PhpShmFullException>(() => SysvShmLayout.Put(image, 2, Array.Empty<byte>()));
        Assert.Equal(32, full.Needed);
        Assert.Equal(0, full.Available);
        SysvShmLayout.Put(image, 1, Str("01234567")); // replaces: 16 bytes -> 48 again, fits in the freed room
        Assert.Equal(Str("01234567"), Get(image, 1));
    }
}
