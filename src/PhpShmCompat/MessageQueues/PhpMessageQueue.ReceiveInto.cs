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
        cancellationToken.ThrowIfCancellationRequested();
        fixed (byte* p = messageBuffer)
        {
            int errno = ReceiveIntoPinned(p, room, desiredType, flags, cancellationToken, out int length);
            if (errno == 0) return length;
            throw ReceiveError(errno, room);
        }
    }

    // A receive into caller memory that stays pinned for the whole call (a span here, a
    // PhpMessageBuffer's array): 0 and the payload length, or the errno. A cancellable receive
    // that may wait first tries without waiting, so a queued message costs neither the
    // interruptible wait nor an allocation; cancellation before a message was taken throws.
    private unsafe int ReceiveIntoPinned(byte* buffer, int room, long desiredType, PhpMessageReceiveFlags flags, CancellationToken cancellationToken, out int length)
    {
        int nativeFlags = MessageQueueOps.ToNative(flags);
        bool cancellableWait = cancellationToken.CanBeCanceled && (flags & PhpMessageReceiveFlags.NoWait) == 0;
        int first = cancellableWait ? MessageQueueOps.ToNative(flags | PhpMessageReceiveFlags.NoWait) : nativeFlags;
        int errno = ReceiveIntoMemory(buffer, room, desiredType, first, call: null, out length);
        if (errno != Interop.Errno.ENOMSG || !cancellableWait) return errno;
        return ReceiveIntoWaiting((nint)buffer, room, desiredType, nativeFlags, cancellationToken, out length);
    }

    // The interruptible wait, in a method of its own: its closure is allocated only when a receive
    // has to wait.
    private unsafe int ReceiveIntoWaiting(nint buffer, int room, long desiredType, int nativeFlags, CancellationToken cancellationToken, out int length)
    {
        (int errno, length) = KernelWait.Run(call =>
        {
            int e = ReceiveIntoMemory((byte*)buffer, room, desiredType, nativeFlags, call, out int n);
            return (e, n);
        }, cancellationToken);
        if (errno == Interop.Errno.ECANCELED) throw new OperationCanceledException(cancellationToken);
        return errno;
    }

    // The one msgrcv into caller memory: 0 and the payload length, or the errno.
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
