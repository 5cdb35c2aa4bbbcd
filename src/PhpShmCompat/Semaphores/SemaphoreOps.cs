using System.Diagnostics;
using PhpShmCompat.Waiting;

namespace PhpShmCompat.Semaphores;

/// <summary>
/// The system calls of PHP's semaphore protocol with EINTR retry and typed errors. Signals
/// (the .NET runtime sends some itself) interrupt <c>semop</c> whatever <c>SA_RESTART</c> says,
/// so every call retries on EINTR. A wait given an <see cref="InterruptibleCall"/> stops instead
/// when that call was cancelled, and returns ECANCELED.
/// </summary>
internal static unsafe class SemaphoreOps
{
    /// <summary>Index of the real counter in PHP's three-semaphore set.</summary>
    internal const ushort SemCounter = 0;

    /// <summary>Index of the usage count (live <c>sem_get</c> handles).</summary>
    internal const ushort SemUsage = 1;

    /// <summary>Index of the guard that serialises the first user's initialisation.</summary>
    internal const ushort SemSetVal = 2;

    /// <summary>Number of semaphores in a PHP semaphore set.</summary>
    internal const int SetSize = 3;

    /// <summary>
    /// Runs one <c>semop</c>, retrying on EINTR; returns 0, ECANCELED when <paramref name="call"/>
    /// was cancelled before the operation succeeded, or the errno of the failure.
    /// </summary>
    internal static int Op(int semId, ReadOnlySpan<Interop.SemBuf> ops, InterruptibleCall? call = null)
    {
        fixed (Interop.SemBuf* p = ops)
        {
            while (true)
            {
                if (call is not null && !call.TryEnter()) return Interop.Errno.ECANCELED;
                int rc = Interop.SemOp(semId, p, (nuint)ops.Length);
                int errno = rc == 0 ? 0 : Interop.Errno.Last();
                call?.Leave();
                if (rc == 0) return 0;
                if (errno != Interop.Errno.EINTR) return errno;
            }
        }
    }

    /// <summary>
    /// Runs one <c>semtimedop</c> that waits at most <paramref name="timeout"/>, retrying on EINTR
    /// with the time left. Returns 0, EAGAIN on timeout, ECANCELED when <paramref name="call"/> was
    /// cancelled first, or the errno of another failure.
    /// </summary>
    internal static int TimedOp(int semId, ReadOnlySpan<Interop.SemBuf> ops, TimeSpan timeout, InterruptibleCall? call = null)
    {
        long start = Stopwatch.GetTimestamp();
        fixed (Interop.SemBuf* p = ops)
        {
            while (true)
            {
                TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
                if (left < TimeSpan.Zero) left = TimeSpan.Zero;
                long ticks = left.Ticks;
                var ts = new Interop.TimeSpec
                {
                    Seconds = ticks / TimeSpan.TicksPerSecond,
                    Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100,
                };
                if (call is not null && !call.TryEnter()) return Interop.Errno.ECANCELED;
                int rc = Interop.SemTimedOp(semId, p, (nuint)ops.Length, &ts);
                int errno = rc == 0 ? 0 : Interop.Errno.Last();
                call?.Leave();
                if (rc == 0) return 0;
                if (errno != Interop.Errno.EINTR) return errno;
            }
        }
    }

    /// <summary><c>semctl GETVAL</c>; throws on failure.</summary>
    internal static int GetValue(int semId, ushort index, int key)
    {
        int value = Interop.SemCtl(semId, index, Interop.Sem.GETVAL);
        if (value < 0) throw Error("semctl(GETVAL)", key, Interop.Errno.Last());
        return value;
    }

    /// <summary>Maps a semaphore errno to an exception; a vanished set (EIDRM, EINVAL) is "not found".</summary>
    internal static PhpIpcException Error(string operation, int key, int errno)
        => errno is Interop.Errno.EIDRM or Interop.Errno.EINVAL
            ? new PhpIpcNotFoundException(operation, key, errno, "the semaphore set does not exist or was removed")
            : PhpIpcException.FromErrno(operation, key, errno);
}
