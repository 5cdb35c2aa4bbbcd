using PhpShmCompat.MessageQueues;
using PhpShmCompat.Waiting;

namespace PhpShmCompat;

public sealed partial class PhpMessageQueue
{
    /// <summary>
    /// <c>msgrcv</c> straight into <paramref name="messageBuffer"/>, laid out as the kernel writes a
    /// message: the type in the first 8 bytes (a C <c>long</c>), the payload after it. Nothing is
    /// copied and nothing is allocated; the kernel writes the message into the caller's memory
    /// (which may be a file mapping, so the message is on its way to disk the moment the call
    /// returns). Blocks unless <see cref="PhpMessageReceiveFlags.NoWait"/> is given; cancellation
    /// interrupts the wait at once, and a message the kernel handed over before that is returned.
    /// </summary>
    /// <param name="messageBuffer">At least 9 bytes: 8 for the type, the rest is the payload room.</param>
    /// <param name="desiredType">The kernel's desired-type selector, as for <see cref="Receive(long, PhpMessageReceiveFlags, int?)"/>.</param>
    /// <param name="flags">NoWait / NoError / Except.</param>
    /// <param name="cancellationToken">Interrupts a blocking wait.</param>
    /// <returns>The payload length; the payload is <c>messageBuffer[8..(8 + length)]</c>.</returns>
    /// <exception cref="PhpMessageQueueEmptyException">NoWait and no matching message.</exception>
    /// <exception cref="PhpMessageTooLargeException">The message is larger than the payload room and NoError was not given.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a message was taken.</exception>
    public unsafe int ReceiveInto(Span<byte> messageBuffer, long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        CancellationToken cancellationToken = default)
    {
        if (messageBuffer.Length <= Interop.Msg.MtypeSize)
            throw new ArgumentException($"The buffer must hold the {Interop.Msg.MtypeSize}-byte type and at least one payload byte.", nameof(messageBuffer));
        int room = CheckReceiveArgs(flags, messageBuffer.Length - Interop.Msg.MtypeSize);
        ThrowIfDisposed();
        int nativeFlags = MessageQueueOps.ToNative(flags);
        fixed (byte* p = messageBuffer)
        {
            nint address = (nint)p;
            if (!cancellationToken.CanBeCanceled || (flags & PhpMessageReceiveFlags.NoWait) != 0)
                return ReceiveIntoCore(address, room, desiredType, nativeFlags, call: null, cancellationToken);
            // A cancellable receive first tries without waiting, so a queued message costs neither
            // the interruptible wait nor an allocation.
            cancellationToken.ThrowIfCancellationRequested();
            int errno = ReceiveIntoMemory(p, room, desiredType, MessageQueueOps.ToNative(flags | PhpMessageReceiveFlags.NoWait), call: null, out int length);
            if (errno == 0) return length;
            if (errno != Interop.Errno.ENOMSG) throw ReceiveError(errno, room);
            return ReceiveIntoWaiting(address, room, desiredType, nativeFlags, cancellationToken);
        }
    }

    // The interruptible wait, in a method of its own: its closure is allocated only when a receive
    // has to wait.
    private int ReceiveIntoWaiting(nint address, int room, long desiredType, int nativeFlags, CancellationToken cancellationToken)
        => KernelWait.Run(call => ReceiveIntoCore(address, room, desiredType, nativeFlags, call, cancellationToken), cancellationToken);

    private unsafe int ReceiveIntoCore(nint buffer, int room, long desiredType, int nativeFlags, InterruptibleCall? call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int errno = ReceiveIntoMemory((byte*)buffer, room, desiredType, nativeFlags, call, out int length);
        if (errno == 0) return length;
        if (errno == Interop.Errno.ECANCELED) throw new OperationCanceledException(cancellationToken);
        throw ReceiveError(errno, room);
    }

    // The one msgrcv into caller memory (a span here, a PhpMessageBuffer's array): 0 and the
    // payload length, or the errno.
    private unsafe int ReceiveIntoMemory(byte* buffer, int room, long desiredType, int nativeFlags, InterruptibleCall? call, out int length)
    {
        int n = MessageQueueOps.Receive(QueueId, buffer, room, desiredType, nativeFlags, call);
        length = 0;
        if (n < 0) return -n;
        if (n > room) throw new PhpIpcException($"msgrcv returned {n} bytes, more than the {room} asked for");
        length = n;
        return 0;
    }
}
