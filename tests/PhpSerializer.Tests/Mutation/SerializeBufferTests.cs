using System.Buffers;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The per-thread output buffers: a returned buffer is handed out again (empty), one larger than
/// 1 MiB is not kept, and the scratch array is the largest returned one, rounded to a power of two
/// when new. Each test runs on one thread, so it sees that thread's buffers only.
/// </summary>
public class SerializeBufferTests
{
    private const int Limit = 1 << 20;

    // Takes whatever scratch array the thread holds, so the test starts from none.
    private static void DrainBytes() => SerializeBuffer.RentBytes(1);

    [Fact]
    public void AReturnedBufferIsRentedAgainEmpty()
    {
        ArrayBufferWriter<byte> first = SerializeBuffer.Rent();
        first.Write("abc"u8);
        SerializeBuffer.Return(first);
        ArrayBufferWriter<byte> second = SerializeBuffer.Rent();
        Assert.Same(first, second);
        Assert.Equal(0, second.WrittenCount);
        // Rented and not returned: the next one is another buffer.
        Assert.NotSame(second, SerializeBuffer.Rent());
    }

    [Fact]
    public void ABufferOfExactlyOneMebibyteIsKeptALargerOneIsNot()
    {
        var exact = new ArrayBufferWriter<byte>(Limit);
        Assert.Equal(Limit, exact.Capacity);
        SerializeBuffer.Return(exact);
        Assert.Same(exact, SerializeBuffer.Rent());
        var larger = new ArrayBufferWriter<byte>(Limit + 1);
        SerializeBuffer.Return(larger);
        Assert.NotSame(larger, SerializeBuffer.Rent());
    }

    [Fact]
    public void TheCopyHasExactlyTheWrittenBytes()
    {
        ArrayBufferWriter<byte> buffer = SerializeBuffer.Rent();
        buffer.Write("i:5;"u8);
        Assert.Equal("i:5;"u8.ToArray(), SerializeBuffer.ToArray(buffer));
        SerializeBuffer.Return(buffer);
    }

    [Fact]
    public void AReturnedScratchArrayIsRentedAgainForAnySizeItHolds()
    {
        DrainBytes();
        byte[] array = new byte[8192];
        SerializeBuffer.ReturnBytes(array);
        Assert.Same(array, SerializeBuffer.RentBytes(8192)); // exactly its length
        Assert.NotSame(array, SerializeBuffer.RentBytes(8192)); // taken out: a new one now
        SerializeBuffer.ReturnBytes(array);
        Assert.NotSame(array, SerializeBuffer.RentBytes(8193)); // too small for this request
    }

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(5000, 8192)]
    [InlineData(Limit, Limit)]
    [InlineData(Limit + 1, Limit + 1)] // used once and not kept: exactly as long as asked
    public void NewScratchArraysAreAPowerOfTwoFrom4096UpToOneMebibyte(int minimum, int length)
    {
        DrainBytes();
        Assert.Equal(length, SerializeBuffer.RentBytes(minimum).Length);
    }

    [Fact]
    public void TheLargestReturnedScratchArrayUpToOneMebibyteIsKept()
    {
        DrainBytes();
        byte[] big = new byte[Limit + 1];
        SerializeBuffer.ReturnBytes(big);
        Assert.NotSame(big, SerializeBuffer.RentBytes(1));

        DrainBytes();
        byte[] mebibyte = new byte[Limit];
        SerializeBuffer.ReturnBytes(mebibyte);
        Assert.Same(mebibyte, SerializeBuffer.RentBytes(1));

        DrainBytes();
        byte[] larger = new byte[8192], smaller = new byte[4096], same = new byte[8192];
        SerializeBuffer.ReturnBytes(larger);
        SerializeBuffer.ReturnBytes(smaller); // does not replace a larger one
        SerializeBuffer.ReturnBytes(same);    // nor one as large
        Assert.Same(larger, SerializeBuffer.RentBytes(1));

        DrainBytes();
        SerializeBuffer.ReturnBytes(smaller);
        SerializeBuffer.ReturnBytes(larger);  // a larger one replaces it
        Assert.Same(larger, SerializeBuffer.RentBytes(1));
    }
}
