using System.Buffers.Binary;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>Receiving straight into the caller's memory: layout, limits, no-wait and cancellation.</summary>
public class ReceiveIntoTests
{
    [Fact]
    public void TheKernelWritesTheTypeThenThePayloadIntoTheBuffer()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(7, "i:42;"u8);
        var buffer = new byte[64];
        buffer.AsSpan().Fill(0xEE);

        int n = queue.ReceiveInto(buffer);

        Assert.Equal(5, n);
        Assert.Equal(7, BinaryPrimitives.ReadInt64LittleEndian(buffer));
        Assert.Equal("i:42;"u8.ToArray(), buffer[8..13]);
        Assert.Equal(0xEE, buffer[13]); // nothing written past the payload
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public void AMessageLargerThanTheRoomStaysInTheQueueUnlessNoErrorTruncatesIt()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(1, "0123456789"u8);
        var small = new byte[8 + 4];

        Assert.Throws<PhpMessageTooLargeException>(() => queue.ReceiveInto(small));
        Assert.Equal(1, queue.Stat().MessageCount);
        Assert.Equal(4, queue.ReceiveInto(small, flags: PhpMessageReceiveFlags.NoError));
        Assert.Equal("0123"u8.ToArray(), small[8..]);
        Assert.Throws<ArgumentException>(() => queue.ReceiveInto(new byte[8]));
    }

    [Fact]
    public void NoWaitOnAnEmptyQueueThrowsAndACancelledWaitTakesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        var buffer = new byte[32];
        Assert.Throws<PhpMessageQueueEmptyException>(() => queue.ReceiveInto(buffer, flags: PhpMessageReceiveFlags.NoWait));

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsAny<OperationCanceledException>(() => queue.ReceiveInto(buffer, cancellationToken: cts.Token));

        queue.SendRaw(3, "N;"u8);
        Assert.Equal(2, queue.ReceiveInto(buffer, desiredType: 3, cancellationToken: CancellationToken.None));
    }
}
