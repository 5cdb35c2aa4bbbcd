using static PhpShmCompat.Tests.SysvShm.ShmImages;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>
/// Every read checks the segment header first, through a one-pass check that builds no report
/// and hands any header it does not accept to the reporting check. The two must agree exactly:
/// the one-pass check accepts a header only when the reporting check finds no problem in it, and
/// a header it refuses throws the problem <see cref="SysvShmLayout.Validate(ReadOnlySpan{byte})"/> reports first.
/// </summary>
public class SysvShmHeaderReadTests
{
    private const int Size = 400;

    private static readonly long[] Totals = [-1, 0, 39, 40, 41, 200, Size - 1, Size, Size + 1, long.MinValue, long.MaxValue];

    [Fact]
    public void OnePassCheckAgreesWithTheReportingCheckOnEveryEdge()
    {
        int accepted = 0, refused = 0;
        foreach (long total in Totals)
        {
            long limit = total >= 40 && total <= Size ? total : Size;
            foreach (long start in Around(40, limit))
            {
                foreach (long end in Around(start, limit))
                {
                    long room = limit - end;
                    foreach (long free in new[] { -1, 0, 1, room - 1, room, room + 1, long.MaxValue })
                    {
                        byte[] image = Image(start, end, free, total);
                        if (AssertSameVerdict(image)) accepted++;
                        else refused++;
                    }
                }
            }
        }
        Assert.True(accepted > 100 && refused > 1000, $"{accepted} accepted, {refused} refused");
    }

    [Theory]
    [InlineData(7, 0xFF, true)]   // byte 7 follows the magic's NUL and is not compared
    [InlineData(6, (byte)'X', false)] // the NUL that ends "PHP_SM"
    [InlineData(0, (byte)'p', false)]
    [InlineData(5, 0, false)]
    public void MagicBytesAreTheSevenOfPhpSm(int at, byte value, bool valid)
    {
        byte[] image = Image(40, 40, Size - 40, Size);
        image[at] = value;
        Assert.Equal(valid, AssertSameVerdict(image));
        Assert.Equal(valid, SysvShmLayout.HasMagic(image));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(39)]
    public void SegmentsShorterThanTheHeaderAreRefusedAsByTheReportingCheck(int length)
    {
        byte[] image = Image(40, 40, Size - 40, Size).AsSpan(0, length).ToArray();
        Assert.False(AssertSameVerdict(image));
        Assert.Equal(length >= 7, SysvShmLayout.HasMagic(image)); // the magic itself fits in 7 bytes
    }

    // True when the header is accepted (and read exactly), false when it is refused with the
    // problem the reporting check names first.
    private static bool AssertSameVerdict(byte[] image)
    {
        PhpShmValidationReport report = SysvShmLayout.Validate(image);
        PhpShmProblem? firstHeaderProblem = report.Problems.FirstOrDefault(p => p.Field.StartsWith("header.", StringComparison.Ordinal) || p.Field == "segment size");
        PhpShmHeader header;
        try
        {
            header = SysvShmLayout.ReadHeader(image);
        }
        catch (PhpShmCorruptException e)
        {
            Assert.NotNull(firstHeaderProblem);
            Assert.Equal(firstHeaderProblem, e.Problem);
            return false;
        }
        Assert.Null(firstHeaderProblem);
        Assert.Equal(new PhpShmHeader(ReadLong(image, SysvShmLayout.StartOffset), ReadLong(image, SysvShmLayout.EndOffset),
            ReadLong(image, SysvShmLayout.FreeOffset), ReadLong(image, SysvShmLayout.TotalOffset)), header);
        return true;
    }

    private static IEnumerable<long> Around(long low, long high)
        => new[] { low - 1, low, low + 1, (low + high) / 2, high - 1, high, high + 1, long.MinValue, long.MaxValue }.Distinct();

    private static byte[] Image(long start, long end, long free, long total)
    {
        byte[] image = NewImage(Size);
        WriteLong(image, SysvShmLayout.StartOffset, start);
        WriteLong(image, SysvShmLayout.EndOffset, end);
        WriteLong(image, SysvShmLayout.FreeOffset, free);
        WriteLong(image, SysvShmLayout.TotalOffset, total);
        return image;
    }
}
