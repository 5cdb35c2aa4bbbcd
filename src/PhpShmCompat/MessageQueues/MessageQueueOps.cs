using System.Runtime.InteropServices;

namespace PhpShmCompat.MessageQueues;

/// <summary>
/// <c>msgsnd</c>/<c>msgrcv</c> with EINTR retry and the kernel limits. Signals interrupt these
/// calls whatever <c>SA_RESTART</c> says, so every call retries on EINTR.
/// </summary>
internal static unsafe class MessageQueueOps
{
    private static readonly Lazy<int> MsgMaxValue = new(() => ReadLimit("/proc/sys/kernel/msgmax", 8192));

    /// <summary>The kernel's largest message payload (<c>/proc/sys/kernel/msgmax</c>, 8192 if unreadable).</summary>
    internal static int MsgMax => MsgMaxValue.Value;

    /// <summary><c>msgsnd</c> of a buffer holding mtype and payload; returns 0 or the errno.</summary>
    internal static int Send(int queueId, byte[] buffer, int payloadLength, bool blocking)
    {
        int flags = blocking ? 0 : Interop.Ipc.IPC_NOWAIT;
        fixed (byte* p = buffer)
        {
            while (Interop.MsgSnd(queueId, p, (nuint)payloadLength, flags) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.Errno.EINTR) return errno;
            }
        }
        return 0;
    }

    /// <summary><c>msgrcv</c> into a buffer of mtype + <paramref name="maxSize"/> bytes; returns the payload length or -errno.</summary>
    internal static int Receive(int queueId, byte[] buffer, int maxSize, long desiredType, int nativeFlags)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Interop.MsgRcv(queueId, p, (nuint)maxSize, (nint)desiredType, nativeFlags);
                if (n >= 0) return checked((int)n);
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.Errno.EINTR) return -errno;
            }
        }
    }

    /// <summary>Maps PHP's receive flags (1, 2, 4) to the C library's values.</summary>
    internal static int ToNative(PhpMessageReceiveFlags flags)
    {
        int native = 0;
        if ((flags & PhpMessageReceiveFlags.NoWait) != 0) native |= Interop.Ipc.IPC_NOWAIT;
        if ((flags & PhpMessageReceiveFlags.NoError) != 0) native |= Interop.Msg.MSG_NOERROR;
        if ((flags & PhpMessageReceiveFlags.Except) != 0) native |= Interop.Msg.MSG_EXCEPT;
        return native;
    }

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
