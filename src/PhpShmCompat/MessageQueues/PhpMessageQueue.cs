using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using PhpShmCompat.MessageQueues;
using PhpShmCompat.Waiting;

namespace PhpShmCompat;

/// <summary>
/// A handle on a PHP <c>msg_get_queue()</c> System V message queue. Messages are a type
/// (<c>mtype</c> &gt; 0) and a payload: PHP <c>serialize()</c> bytes by default, or the raw bytes
/// PHP sends with <c>$serialize = false</c>. The handle owns no kernel resource; disposing it only
/// stops further use (use <see cref="Remove"/> to delete the queue).
/// </summary>
public sealed partial class PhpMessageQueue : IDisposable
{
    private int _disposed;

    private PhpMessageQueue(int key, int queueId)
    {
        Key = key;
        QueueId = queueId;
    }

    /// <summary>The System V key.</summary>
    public int Key { get; }

    /// <summary>The kernel's queue id (<c>msqid</c>).</summary>
    public int QueueId { get; }

    /// <summary>The kernel's largest message payload (<c>msgmax</c>), the default receive size.</summary>
    public static int MaxMessageSize => MessageQueueOps.MsgMax;

    /// <summary>
    /// PHP's <c>msg_get_queue($key, $permissions)</c>: opens the queue, creating it with
    /// <paramref name="permissions"/> if it does not exist: default <see cref="IpcPermissions.Default"/>
    /// (0600, owner only); PHP's default is 0666 (<see cref="IpcPermissions.Everyone"/>).
    /// </summary>
    /// <exception cref="PhpIpcException">A system call failed (typed by errno).</exception>
    public static PhpMessageQueue Get(int key, IpcPermissions? permissions = null)
    {
        int mode = (permissions ?? IpcPermissions.Default).Mode;
        for (int attempt = 0; ; attempt++)
        {
            int id = Interop.MsgGet(key, 0);
            if (id >= 0) return new PhpMessageQueue(key, id);
            int errno = Interop.Errno.Last();
            if (errno != Interop.Errno.ENOENT) throw PhpIpcException.FromErrno("msgget", key, errno);

            id = Interop.MsgGet(key, Interop.Ipc.IPC_CREAT | Interop.Ipc.IPC_EXCL | mode);
            if (id >= 0) return new PhpMessageQueue(key, id);
            errno = Interop.Errno.Last();
            // Another process created it between the two calls: open theirs.
            if (errno != Interop.Errno.EEXIST || attempt > 2) throw PhpIpcException.FromErrno("msgget(IPC_CREAT)", key, errno);
        }
    }

    /// <summary>PHP's <c>msg_queue_exists($key)</c>: whether <c>msgget($key, 0)</c> succeeds.</summary>
    public static bool Exists(int key) => Interop.MsgGet(key, 0) >= 0;

    /// <summary>
    /// Sends raw payload bytes (PHP's <c>msg_send($q, $type, $string, serialize: false)</c>).
    /// </summary>
    /// <param name="type">Message type, &gt; 0.</param>
    /// <param name="payload">Payload, at most <see cref="MaxMessageSize"/> bytes.</param>
    /// <param name="blocking">Wait while the queue is full (true) or fail at once (false).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not positive.</exception>
    /// <exception cref="PhpMessageTooLargeException">The payload is over <c>msgmax</c>.</exception>
    /// <exception cref="PhpMessageQueueFullException">Non-blocking and the queue is full.</exception>
    /// <exception cref="PhpIpcNotFoundException">The queue does not exist or was removed while waiting.</exception>
    public void SendRaw(long type, ReadOnlySpan<byte> payload, bool blocking = true)
    {
        using MessageBuffer buffer = RawMessage(type, payload);
        SendBuffer(buffer, blocking);
    }

    /// <summary>
    /// Sends raw payload bytes, waiting while the queue is full until <paramref name="cancellationToken"/>
    /// is cancelled. The thread sleeps in <c>msgsnd</c>; cancellation interrupts it at once.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the message was queued (it was not sent).</exception>
    public void SendRaw(long type, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using MessageBuffer buffer = RawMessage(type, payload);
        if (!cancellationToken.CanBeCanceled)
        {
            SendBuffer(buffer, blocking: true);
            return;
        }
        // Room in the queue (the usual case): queued at once, without setting up an interruptible wait.
        if (TrySendNow(buffer)) return;
        KernelWait.Run(call => { SendBuffer(buffer, blocking: true, call); return true; }, cancellationToken);
    }

    /// <summary>
    /// Asynchronous <see cref="SendRaw(long, ReadOnlySpan{byte}, CancellationToken)"/>: queued at once
    /// when there is room, otherwise a dedicated thread sleeps in <c>msgsnd</c> until there is
    /// room or the token is cancelled.
    /// </summary>
    public Task SendRawAsync(long type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        MessageBuffer? buffer = null;
        try
        {
            buffer = RawMessage(type, payload.Span);
            if (TrySendNow(buffer))
            {
                buffer.Dispose();
                return Task.CompletedTask;
            }
        }
        catch (Exception ex)
        {
            buffer?.Dispose();
            return Task.FromException(ex);
        }
        return KernelWait.RunAsync(call =>
        {
            using (buffer) SendBuffer(buffer, blocking: true, call);
            return true;
        }, cancellationToken);
    }

    /// <summary>Sends an int as PHP does with <c>$serialize = false</c> (decimal text).</summary>
    public void SendScalar(long type, long value, bool blocking = true)
    {
        Span<byte> text = stackalloc byte[24];
        SendRaw(type, text[..PhpScalarFormat.Format(value, text)], blocking);
    }

    /// <summary>Sends a bool as PHP does with <c>$serialize = false</c> ("1" or "0").</summary>
    public void SendScalar(long type, bool value, bool blocking = true)
        => SendRaw(type, value ? "1"u8 : "0"u8, blocking);

    /// <summary>Sends a float as PHP does with <c>$serialize = false</c> (<c>%F</c>: "1.500000", "inf", "nan").</summary>
    public void SendScalar(long type, double value, bool blocking = true)
    {
        Span<byte> text = stackalloc byte[PhpScalarFormat.MaxFloatLength];
        SendRaw(type, text[..PhpScalarFormat.Format(value, text)], blocking);
    }

    /// <summary>Sends a string as PHP does with <c>$serialize = false</c> (its UTF-8 bytes).</summary>
    public void SendScalar(long type, string value, bool blocking = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        byte[] rented = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            int n = System.Text.Encoding.UTF8.GetBytes(value, rented);
            SendRaw(type, rented.AsSpan(0, n), blocking);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// PHP's <c>msg_receive()</c>: takes the first message matching <paramref name="desiredType"/>
    /// (0: any; &gt; 0: that type, or with <see cref="PhpMessageReceiveFlags.Except"/> any other;
    /// &lt; 0: the lowest type &lt;= |desiredType|). Blocks unless <see cref="PhpMessageReceiveFlags.NoWait"/>.
    /// </summary>
    /// <param name="desiredType">The kernel's desired-type selector.</param>
    /// <param name="flags">NoWait / NoError / Except.</param>
    /// <param name="maxSize">Largest payload accepted (default <see cref="MaxMessageSize"/>).</param>
    /// <exception cref="PhpMessageQueueEmptyException">NoWait and no matching message.</exception>
    /// <exception cref="PhpMessageTooLargeException">The message is over <paramref name="maxSize"/> and NoError was not given.</exception>
    /// <exception cref="PhpIpcNotFoundException">The queue does not exist or was removed while waiting.</exception>
    public PhpMessage Receive(long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None, int? maxSize = null)
    {
        int size = CheckReceiveArgs(flags, maxSize);
        int errno = ReceiveCore(desiredType, MessageQueueOps.ToNative(flags), size, out PhpMessage? message);
        if (errno != 0) throw ReceiveError(errno, size);
        return message!;
    }

    /// <summary>Non-blocking <see cref="Receive(long, PhpMessageReceiveFlags, int?)"/>: false when no matching message is queued.</summary>
    public bool TryReceive(long desiredType, [NotNullWhen(true)] out PhpMessage? message,
        PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None, int? maxSize = null)
    {
        int size = CheckReceiveArgs(flags, maxSize);
        int errno = ReceiveCore(desiredType, MessageQueueOps.ToNative(flags | PhpMessageReceiveFlags.NoWait), size, out message);
        if (errno == Interop.Errno.ENOMSG) return false;
        if (errno != 0) throw ReceiveError(errno, size);
        System.Diagnostics.Debug.Assert(message is not null);
        return true;
    }

    /// <summary>
    /// Blocking receive that gives up when <paramref name="cancellationToken"/> is cancelled. The
    /// calling thread sleeps in <c>msgrcv</c>; cancellation interrupts the call at once (a signal
    /// sent to this thread alone makes it fail with EINTR). A message the kernel handed over before
    /// the interruption took effect is returned, never dropped.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before a message was taken.</exception>
    public PhpMessage Receive(long desiredType, PhpMessageReceiveFlags flags, int? maxSize, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || (flags & PhpMessageReceiveFlags.NoWait) != 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Receive(desiredType, flags, maxSize);
        }
        int size = CheckReceiveArgs(flags, maxSize);
        ThrowIfDisposed();
        return KernelWait.Run(call => ReceiveBlocking(desiredType, flags, size, call), cancellationToken);
    }

    /// <summary>
    /// Asynchronous receive: completes when a matching message is taken; cancellable. A queued
    /// message is taken at once on the calling thread; otherwise a dedicated thread sleeps in
    /// <c>msgrcv</c> (no thread-pool thread is held, nothing polls) and cancellation interrupts it
    /// at once. A message the kernel handed over before the interruption took effect is returned
    /// (the task completes with it even though cancellation was requested), never dropped.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before a message was taken.</exception>
    public Task<PhpMessage> ReceiveAsync(long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<PhpMessage>(cancellationToken);
        int size;
        try
        {
            size = CheckReceiveArgs(flags, maxSize);
            if (TryReceive(desiredType, out PhpMessage? message, flags, size)) return Task.FromResult(message);
            if ((flags & PhpMessageReceiveFlags.NoWait) != 0) throw ReceiveError(Interop.Errno.ENOMSG, size);
        }
        catch (Exception ex)
        {
            return Task.FromException<PhpMessage>(ex);
        }
        return KernelWait.RunAsync(call => ReceiveBlocking(desiredType, flags, size, call), cancellationToken);
    }

    /// <summary>
    /// The messages matching <paramref name="desiredType"/> as they arrive, for
    /// <c>await foreach</c>: each one is taken from the queue when the loop asks for it (nothing is
    /// read ahead, so nothing is held when the loop stops). Ends with
    /// <see cref="OperationCanceledException"/> when the token is cancelled, and with
    /// <see cref="PhpIpcNotFoundException"/> when the queue is removed.
    /// </summary>
    public async IAsyncEnumerable<PhpMessage> ReadAllAsync(long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if ((flags & PhpMessageReceiveFlags.NoWait) != 0)
            throw new ArgumentOutOfRangeException(nameof(flags), flags, "ReadAllAsync waits for messages; NoWait is not allowed.");
        while (true)
        {
            yield return await ReceiveAsync(desiredType, flags, maxSize, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>PHP's <c>msg_stat_queue()</c>: the ten fields of <c>IPC_STAT</c>.</summary>
    public PhpMessageQueueStat Stat()
    {
        ThrowIfDisposed();
        int errno = Interop.MsgStatOrErrno(QueueId, out Interop.MsgStat ds);
        if (errno != 0) throw QueueError("msgctl(IPC_STAT)", errno);
        return new PhpMessageQueueStat(
            Uid: ds.Uid,
            Gid: ds.Gid,
            Mode: ds.Mode,
            SendTime: ds.SendTime,
            ReceiveTime: ds.ReceiveTime,
            ChangeTime: ds.ChangeTime,
            MessageCount: ds.MessageCount,
            MaxBytes: ds.MaxBytes,
            LastSendPid: ds.LastSendPid,
            LastReceivePid: ds.LastReceivePid);
    }

    /// <summary>
    /// PHP's <c>msg_set_queue()</c>: changes the given fields (others keep their values) with
    /// <c>IPC_STAT</c> then <c>IPC_SET</c>. Raising <paramref name="maxBytes"/> above <c>msgmnb</c>
    /// needs <c>CAP_SYS_RESOURCE</c>.
    /// </summary>
    /// <param name="uid">New owner uid (<c>msg_perm.uid</c>), or null to keep.</param>
    /// <param name="gid">New owner gid (<c>msg_perm.gid</c>), or null to keep.</param>
    /// <param name="mode">New permission bits (<c>msg_perm.mode</c>), or null to keep.</param>
    /// <param name="maxBytes">New byte limit (<c>msg_qbytes</c>), or null to keep.</param>
    public void Set(uint? uid = null, uint? gid = null, IpcPermissions? mode = null, long? maxBytes = null)
    {
        ThrowIfDisposed();
        if (maxBytes is < 0) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "maxBytes must not be negative");
        int errno = Interop.MsgSetOrErrno(QueueId, uid, gid, mode is IpcPermissions m ? (ushort)m.Mode : null, maxBytes, out string failedCall);
        if (errno != 0) throw QueueError(failedCall, errno);
    }

    /// <summary>PHP's <c>msg_remove_queue()</c>: deletes the queue; blocked senders and receivers fail.</summary>
    public void Remove()
    {
        ThrowIfDisposed();
        int errno = Interop.MsgRemoveOrErrno(QueueId);
        if (errno != 0) throw QueueError("msgctl(IPC_RMID)", errno);
    }

    /// <summary>Ends the use of this handle (the queue itself stays; see <see cref="Remove"/>).</summary>
    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    private MessageBuffer StartMessage(long type, int payloadHint)
    {
        ThrowIfDisposed();
        if (type <= 0)
            throw new ArgumentOutOfRangeException(nameof(type), type, "A message type must be greater than 0 (msgsnd rejects mtype <= 0).");
        return MessageBuffer.Start(type, payloadHint);
    }

    private void SendBuffer(MessageBuffer buffer, bool blocking, InterruptibleCall? call = null)
    {
        int length = buffer.PayloadLength;
        int max = MessageQueueOps.MsgMax;
        if (length > max)
            throw new PhpMessageTooLargeException("msgsnd", Key, Interop.Errno.EINVAL, $"payload of {length} bytes is over the kernel's msgmax of {max} bytes");
        int errno = MessageQueueOps.Send(QueueId, buffer.Array, length, blocking, call);
        if (errno == 0) return;
        throw errno switch
        {
            Interop.Errno.ECANCELED => new OperationCanceledException(call!.Token),
            Interop.Errno.EAGAIN => new PhpMessageQueueFullException("msgsnd", Key, errno, "the queue is full and the send is non-blocking"),
            _ => QueueError("msgsnd", errno),
        };
    }

    private bool TrySendNow(MessageBuffer buffer)
    {
        try
        {
            SendBuffer(buffer, blocking: false);
            return true;
        }
        catch (PhpMessageQueueFullException)
        {
            return false;
        }
    }

    private MessageBuffer RawMessage(long type, ReadOnlySpan<byte> payload)
    {
        MessageBuffer buffer = StartMessage(type, payload.Length);
        payload.CopyTo(buffer.GetSpan(payload.Length));
        buffer.Advance(payload.Length);
        return buffer;
    }

    private int ReceiveCore(long desiredType, int nativeFlags, int maxSize, out PhpMessage? message, InterruptibleCall? call = null)
    {
        ThrowIfDisposed();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Interop.Msg.MtypeSize + maxSize);
        try
        {
            int n = MessageQueueOps.Receive(QueueId, buffer, maxSize, desiredType, nativeFlags, call);
            if (n < 0)
            {
                message = null;
                return -n;
            }
            if (n > maxSize) throw new PhpIpcException($"msgrcv returned {n} bytes, more than the {maxSize} asked for");
            long type = MemoryMarshal.Read<long>(buffer);
            message = new PhpMessage(type, buffer.AsSpan(Interop.Msg.MtypeSize, n).ToArray());
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private PhpMessage ReceiveBlocking(long desiredType, PhpMessageReceiveFlags flags, int size, InterruptibleCall call)
    {
        int errno = ReceiveCore(desiredType, MessageQueueOps.ToNative(flags), size, out PhpMessage? message, call);
        if (errno == Interop.Errno.ECANCELED) throw new OperationCanceledException(call.Token);
        if (errno != 0) throw ReceiveError(errno, size);
        return message!;
    }

    private static int CheckReceiveArgs(PhpMessageReceiveFlags flags, int? maxSize)
    {
        const PhpMessageReceiveFlags all = PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.NoError | PhpMessageReceiveFlags.Except;
        if ((flags & ~all) != 0) throw new ArgumentOutOfRangeException(nameof(flags), flags, "unknown receive flags");
        int size = maxSize ?? MessageQueueOps.MsgMax;
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "The maximum message size must be greater than 0.");
        if (size > Array.MaxLength - Interop.Msg.MtypeSize)
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "The maximum message size is too large for one buffer.");
        return size;
    }

    private PhpIpcException ReceiveError(int errno, int maxSize) => errno switch
    {
        Interop.Errno.ENOMSG => new PhpMessageQueueEmptyException("msgrcv", Key, errno, "no matching message and NoWait was given"),
        Interop.Errno.E2BIG => new PhpMessageTooLargeException("msgrcv", Key, errno, $"the message is larger than maxSize {maxSize}; pass NoError to truncate it"),
        _ => QueueError("msgrcv", errno),
    };

    private PhpIpcException QueueError(string operation, int errno) => errno switch
    {
        Interop.Errno.EIDRM => new PhpIpcNotFoundException(operation, Key, errno, "the queue was removed while waiting"),
        Interop.Errno.EINVAL => new PhpIpcNotFoundException(operation, Key, errno, "the queue does not exist (removed?)"),
        _ => PhpIpcException.FromErrno(operation, Key, errno),
    };

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
