using PhpShmCompat.Waiting;

namespace PhpShmCompat.MessageQueues;

/// <summary>
/// <c>msgsnd</c>/<c>msgrcv</c> with EINTR retry and the kernel limits. Signals interrupt these
/// calls whatever <c>SA_RESTART</c> says, so every call retries on EINTR. A receive given an
/// <see cref="InterruptibleCall"/> stops instead when that call was cancelled (ECANCELED).
/// </summary>
internal static unsafe class MessageQueueOps
{
    private static readonly Lazy<int> MsgMaxValue = new(() => ReadLimit("/proc/sys/kernel/msgmax", 8192));

    /// <summary>The kernel's largest message payload (<c>/proc/sys/kernel/msgmax</c>, 8192 if unreadable).</summary>
    internal static int MsgMax => MsgMaxValue.Value;

    /// <summary>
    /// <c>msgsnd</c> of a buffer holding mtype and payload; returns 0, ECANCELED when
    /// <paramref name="call"/> was cancelled before the message was queued, or the errno.
    /// </summary>
    internal static int Send(int queueId, byte[] buffer, int payloadLength, bool blocking, InterruptibleCall? call = null)
    {
        int flags = blocking ? 0 : Interop.Ipc.IPC_NOWAIT;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                if (call is not null && !call.TryEnter()) return Interop.Errno.ECANCELED;
                int rc = Interop.MsgSnd(queueId, p, (nuint)payloadLength, flags);
                int errno = Interop.Errno.Last(); // read before Leave; used only when the call failed
                call?.Leave();
                if (rc == 0) return 0;
                if (errno != Interop.Errno.EINTR) return errno;
            }
        }
    }

    /// <summary>
    /// <c>msgrcv</c> into a buffer of mtype + <paramref name="maxSize"/> bytes; returns the payload
    /// length or -errno (-ECANCELED when <paramref name="call"/> was cancelled before a message was
    /// taken; a message taken after cancellation was requested is still returned).
    /// </summary>
    internal static int Receive(int queueId, byte[] buffer, int maxSize, long desiredType, int nativeFlags, InterruptibleCall? call = null)
    {
        fixed (byte* p = buffer) return Receive(queueId, p, maxSize, desiredType, nativeFlags, call);
    }

    /// <summary>As <see cref="Receive(int, byte[], int, long, int, InterruptibleCall?)"/>, into pinned or unmanaged memory.</summary>
    internal static int Receive(int queueId, byte* buffer, int maxSize, long desiredType, int nativeFlags, InterruptibleCall? call = null)
    {
        while (true)
        {
            if (call is not null && !call.TryEnter()) return -Interop.Errno.ECANCELED;
            nint n = Interop.MsgRcv(queueId, buffer, (nuint)maxSize, (nint)desiredType, nativeFlags);
            int errno = Interop.Errno.Last();
            call?.Leave();
            if (n >= 0) return checked((int)n);
            if (errno != Interop.Errno.EINTR) return -errno;
        }
    }

    /// <summary>Maps PHP's receive flags (1, 2, 4) to the C library's values.</summary>
    internal static int ToNative(PhpMessageReceiveFlags flags)
        => ((flags & PhpMessageReceiveFlags.NoWait) != 0 ? Interop.Ipc.IPC_NOWAIT : 0)
           | ((flags & PhpMessageReceiveFlags.NoError) != 0 ? Interop.Msg.MSG_NOERROR : 0)
           | ((flags & PhpMessageReceiveFlags.Except) != 0 ? Interop.Msg.MSG_EXCEPT : 0);

    private static int ReadLimit(string path, int fallback)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out int v) && v > 0 ? v : fallback;
        }
        catch (IOException) { return fallback; }
        catch (UnauthorizedAccessException) { return fallback; }
    }
}
