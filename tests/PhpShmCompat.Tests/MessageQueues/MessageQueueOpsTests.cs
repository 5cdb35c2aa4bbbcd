using System.Buffers.Binary;
using PhpShmCompat.MessageQueues;
using PhpShmCompat.TestSupport;
using PhpShmCompat.Waiting;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>
/// The msgsnd/msgrcv core on its own: a call cancelled before it starts makes no attempt, a live
/// call makes one, and the results are 0 / the length, or the errno (send) and -errno (receive).
/// </summary>
public class MessageQueueOpsTests
{
    private const int ECANCELED = 125;
    private const int ENOMSG = 42;
    private const int E2BIG = 7;
    private const int EAGAIN = 11;

    private static byte[] Message(long type, string payload)
    {
        byte[] buffer = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, type);
        for (int i = 0; i < payload.Length; i++) buffer[8 + i] = (byte)payload[i];
        return buffer;
    }

    private static InterruptibleCall CancelledCall(CancellationTokenSource source)
    {
        source.Cancel();
        return new InterruptibleCall(source.Token);
    }

    [Fact]
    public void ASendWhoseCallWasCancelledBeforeItStartedQueuesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var source = new CancellationTokenSource();
        using var call = CancelledCall(source);
        Assert.Equal(ECANCELED, MessageQueueOps.Send(queue.QueueId, Message(3, "abc"), 3, blocking: false, call));
        Assert.Equal(ECANCELED, MessageQueueOps.Send(queue.QueueId, Message(3, "abc"), 3, blocking: true, call));
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public void ASendWithALiveCallQueuesTheMessageAndReturnsZero()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var source = new CancellationTokenSource();
        using var call = new InterruptibleCall(source.Token);
        Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(3, "abc"), 3, blocking: false, call));
        Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(4, "de"), 2, blocking: false, null));
        PhpMessage first = queue.Receive(0, PhpMessageReceiveFlags.NoWait);
        Assert.Equal(3, first.Type);
        Assert.Equal("abc"u8.ToArray(), first.Payload);
        Assert.Equal("de"u8.ToArray(), queue.Receive(4, PhpMessageReceiveFlags.NoWait).Payload);
    }

    [Fact]
    public void AFailedSendReturnsThePositiveErrno()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.Set(maxBytes: 4);
        Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(1, "1234"), 4, blocking: false));
        // The queue is full: a non-blocking send fails with EAGAIN, returned as it is.
        Assert.Equal(EAGAIN, MessageQueueOps.Send(queue.QueueId, Message(1, "5"), 1, blocking: false));
        Assert.Equal(1, queue.Stat().MessageCount);
    }

    [Fact]
    public void AReceiveWhoseCallWasCancelledBeforeItStartedTakesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(7, "xyz"u8);
        using var source = new CancellationTokenSource();
        using var call = CancelledCall(source);
        byte[] buffer = new byte[8 + 16];
        int nowait = MessageQueueOps.ToNative(PhpMessageReceiveFlags.NoWait);
        Assert.Equal(-ECANCELED, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 0, nowait, call));
        // Even a blocking receive gives up without waiting (it would otherwise take the message).
        Assert.Equal(-ECANCELED, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 0, 0, call));
        Assert.Equal(1, queue.Stat().MessageCount);
        Assert.Equal(new byte[buffer.Length], buffer);
    }

    [Fact]
    public unsafe void AReceiveIntoPinnedMemoryWithACancelledCallTakesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(7, "xyz"u8);
        using var source = new CancellationTokenSource();
        using var call = CancelledCall(source);
        byte* buffer = stackalloc byte[8 + 16];
        Assert.Equal(-ECANCELED, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 7, 0, call));
        Assert.Equal(1, queue.Stat().MessageCount);
    }

    [Fact]
    public void AReceiveWithALiveCallReturnsThePayloadLength()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(7, "xyz"u8);
        queue.SendRaw(8, ""u8);
        using var source = new CancellationTokenSource();
        using var call = new InterruptibleCall(source.Token);
        byte[] buffer = new byte[8 + 16];
        int nowait = MessageQueueOps.ToNative(PhpMessageReceiveFlags.NoWait);
        Assert.Equal(3, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 7, nowait, call));
        Assert.Equal(7, BinaryPrimitives.ReadInt64LittleEndian(buffer));
        Assert.Equal("xyz"u8.ToArray(), buffer.AsSpan(8, 3).ToArray());
        Assert.Equal(0, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 8, nowait, call));
        Assert.Equal(8, BinaryPrimitives.ReadInt64LittleEndian(buffer));
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public void AFailedReceiveReturnsTheNegatedErrno()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        byte[] buffer = new byte[8 + 2];
        int nowait = MessageQueueOps.ToNative(PhpMessageReceiveFlags.NoWait);
        Assert.Equal(-ENOMSG, MessageQueueOps.Receive(queue.QueueId, buffer, 2, 0, nowait));
        queue.SendRaw(1, "abc"u8);
        // Longer than the buffer and no MSG_NOERROR: E2BIG, and the message stays.
        Assert.Equal(-E2BIG, MessageQueueOps.Receive(queue.QueueId, buffer, 2, 0, nowait));
        Assert.Equal(1, queue.Stat().MessageCount);
        // With MSG_NOERROR the message is cut to the buffer.
        int truncate = MessageQueueOps.ToNative(PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.NoError);
        Assert.Equal(2, MessageQueueOps.Receive(queue.QueueId, buffer, 2, 0, truncate));
        Assert.Equal("ab"u8.ToArray(), buffer.AsSpan(8, 2).ToArray());
    }

    /// <summary>
    /// Waits on this thread in a raw blocking msgrcv (no retry) until another thread sends one
    /// message; returns how often the wait was interrupted by a signal (EINTR) before it got it.
    /// </summary>
    private static unsafe int InterruptionsOfARawWait(PhpMessageQueue queue)
    {
        using var sent = Task.Delay(400).ContinueWith(_ => queue.SendRaw(9, "w"u8), TaskScheduler.Default);
        byte* buffer = stackalloc byte[8 + 4];
        int interrupted = 0;
        while (true)
        {
            nint n = Interop.MsgRcv(queue.QueueId, buffer, 4, 9, 0);
            if (n >= 0) break;
            int errno = Interop.Errno.Last();
            Assert.Equal(4, errno); // EINTR is the only failure expected here
            interrupted++;
        }
        sent.Wait();
        return interrupted;
    }

    // A finished attempt leaves the call: a cancellation after it must not send wake signals to
    // the thread (they would cut short whatever System V wait it does next).
    [Fact]
    public void ACancellationAfterACompletedSendSignalsNobody()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        WakeSignal.UnblockOnThisThread();
        using var source = new CancellationTokenSource();
        using (var call = new InterruptibleCall(source.Token))
        {
            Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(3, "abc"), 3, blocking: false, call));
            source.Cancel();
            // One stray signal from elsewhere is tolerated; a call still marked as in the kernel
            // is signalled again every few milliseconds for as long as the wait lasts.
            Assert.InRange(InterruptionsOfARawWait(queue), 0, 1);
        }
        Assert.Equal(3, queue.Receive(3, PhpMessageReceiveFlags.NoWait).Type);
    }

    [Fact]
    public void ACancellationAfterACompletedReceiveSignalsNobody()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(7, "xyz"u8);
        WakeSignal.UnblockOnThisThread();
        using var source = new CancellationTokenSource();
        using (var call = new InterruptibleCall(source.Token))
        {
            byte[] buffer = new byte[8 + 16];
            Assert.Equal(3, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 7, 0, call));
            source.Cancel();
            Assert.InRange(InterruptionsOfARawWait(queue), 0, 1);
        }
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    // Every attempt, completed or failed, leaves the call before returning, so a later
    // cancellation finds no thread to signal.
    [Fact]
    public void EveryAttemptLeavesTheCallItEntered()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var source = new CancellationTokenSource();
        using var call = new InterruptibleCall(source.Token);
        int nowait = MessageQueueOps.ToNative(PhpMessageReceiveFlags.NoWait);
        byte[] buffer = new byte[8 + 16];

        Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(3, "abc"), 3, blocking: false, call));
        Assert.False(call.IsInCall, "a completed send");
        Assert.Equal(3, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 3, nowait, call));
        Assert.False(call.IsInCall, "a completed receive");
        Assert.Equal(-ENOMSG, MessageQueueOps.Receive(queue.QueueId, buffer, 16, 3, nowait, call));
        Assert.False(call.IsInCall, "a failed receive");
        queue.Set(maxBytes: 3);
        Assert.Equal(0, MessageQueueOps.Send(queue.QueueId, Message(1, "123"), 3, blocking: false, call));
        Assert.Equal(EAGAIN, MessageQueueOps.Send(queue.QueueId, Message(1, "4"), 1, blocking: false, call));
        Assert.False(call.IsInCall, "a failed send");
    }

    [Theory]
    [InlineData(PhpMessageReceiveFlags.None, 0)]
    [InlineData(PhpMessageReceiveFlags.NoWait, 0x800)]
    [InlineData(PhpMessageReceiveFlags.NoError, 0x1000)]
    [InlineData(PhpMessageReceiveFlags.Except, 0x2000)]
    [InlineData(PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.Except, 0x2800)]
    [InlineData(PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.NoError | PhpMessageReceiveFlags.Except, 0x3800)]
    public void PhpsReceiveFlagsMapToTheLinuxValues(PhpMessageReceiveFlags flags, int native)
        => Assert.Equal(native, MessageQueueOps.ToNative(flags));
}
