using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Shmop;

/// <summary>
/// shmop's read and write bounds at their edges, on a real segment: <c>0 &lt;= offset &lt;= size</c>,
/// <c>count &gt;= 0</c> and <c>offset + count &lt;= size</c> (count 0 reads to the end).
/// </summary>
public class ShmopBoundsTests
{
    private const int Size = 100;

    private static ShmopSegment Filled(IpcKeyScope keys)
    {
        var segment = ShmopSegment.Open(keys.NewKey(), ShmopMode.CreateNew, size: Size);
        Assert.Equal(Size, segment.Size);
        for (int i = 0; i < Size; i++) segment.AsSpan()[i] = (byte)i;
        return segment;
    }

    [Theory]
    [InlineData(0, 0, 0, 100)]
    [InlineData(0, 100, 0, 100)]
    [InlineData(99, 1, 99, 1)]
    [InlineData(99, 0, 99, 1)]
    [InlineData(100, 0, 100, 0)]   // offset == size: nothing left, not an error
    [InlineData(40, 60, 40, 60)]
    [InlineData(40, 0, 40, 60)]
    public void ReadsInsideTheSegment(long offset, long count, int first, int length)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        byte[] read = segment.Read(offset, count);
        Assert.Equal(Enumerable.Range(first, length).Select(i => (byte)i), read);
        var destination = new byte[length];
        segment.Read(offset, destination);
        Assert.Equal(read, destination);
    }

    [Theory]
    [InlineData(-1, 0, "offset")]
    [InlineData(101, 0, "offset")]
    [InlineData(long.MinValue, 1, "offset")]
    [InlineData(0, 101, "count")]
    [InlineData(1, 100, "count")]
    [InlineData(99, 2, "count")]
    [InlineData(100, 1, "count")]
    [InlineData(0, -1, "count")]
    [InlineData(50, long.MaxValue, "count")]
    public void ReadsPastAnEdgeAreRefused(long offset, long count, string parameter)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => segment.Read(offset, count));
        Assert.Equal(parameter, ex.ParamName);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(101, 0)]
    [InlineData(0, 101)]
    [InlineData(99, 2)]
    [InlineData(100, 1)]
    public void SpanReadsPastAnEdgeAreRefused(long offset, int length)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => segment.Read(offset, new byte[length]));
        Assert.Equal("offset", ex.ParamName); // refused by the check, not by a slice past the mapping
    }

    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(99, 1, 1)]
    [InlineData(100, 0, 0)]
    public void WritesThatFitAreWhole(long offset, int length, int written)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        byte[] data = Enumerable.Repeat((byte)0xAB, length).ToArray();
        Assert.Equal(written, segment.Write(offset, data));
        Assert.Equal(data, segment.Read(offset, length));
        if (offset > 0) Assert.Equal((byte)(offset - 1), segment.Read(offset - 1, 1)[0]); // the byte before is untouched
    }

    [Theory]
    [InlineData(99, 2, 1)]
    [InlineData(100, 1, 0)]
    [InlineData(0, 101, 100)]
    public void WritesThatDoNotFitThrowUnlessTruncationIsAllowed(long offset, int length, int fits)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        byte[] data = Enumerable.Repeat((byte)0xCD, length).ToArray();
        byte[] before = segment.Read(0, 0);
        Assert.Equal("data", Assert.Throws<ArgumentOutOfRangeException>(() => segment.Write(offset, data)).ParamName);
        Assert.Equal(before, segment.Read(0, 0));
        Assert.Equal(fits, segment.Write(offset, data, allowTruncation: true));
        Assert.Equal(Enumerable.Repeat((byte)0xCD, fits), segment.Read(offset, fits));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void WriteOffsetsOutsideTheSegmentAreRefused(long offset)
    {
        using var keys = new IpcKeyScope();
        using var segment = Filled(keys);
        Assert.Equal("offset", Assert.Throws<ArgumentOutOfRangeException>(() => segment.Write(offset, "x"u8, allowTruncation: true)).ParamName);
    }
}
