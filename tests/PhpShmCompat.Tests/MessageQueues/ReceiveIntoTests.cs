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

    [Fact]
    public void ACancellableReceiveOfQueuedMessagesIntoTheCallersMemoryAllocatesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var cts = new CancellationTokenSource();
        var buffer = new byte[64];
        long sum = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 20; i++) queue.SendRaw(1, "i:5;"u8);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++) sum += queue.ReceiveInto(buffer, cancellationToken: cts.Token);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round > 0) Assert.Equal(0, allocated); // the first round warms up
        }
        Assert.Equal(60 * 4, sum);
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public async Task ACancellableReceiveOnAnEmptyQueueWaitsForTheNextMessage()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64];
        var receiving = Task.Run(() => queue.ReceiveInto(buffer, desiredType: 9, cancellationToken: cts.Token));
        queue.SendRaw(2, "N;"u8); // not the type asked for: the receive keeps waiting
        queue.SendRaw(9, "i:42;"u8);

        Assert.Equal(5, await receiving.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("i:42;"u8.ToArray(), buffer[8..13]);
        Assert.Equal(1, queue.Stat().MessageCount);
    }

    [Fact]
    public void ACancellableReceiveOfAMessageLargerThanTheRoomThrowsAndLeavesItQueued()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var cts = new CancellationTokenSource();
        queue.SendRaw(1, "0123456789"u8);

        Assert.Throws<PhpMessageTooLargeException>(() => queue.ReceiveInto(new byte[8 + 4], cancellationToken: cts.Token));
        Assert.Equal(1, queue.Stat().MessageCount);
    }
}
