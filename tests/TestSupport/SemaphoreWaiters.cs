using System.Runtime.InteropServices;

namespace PhpShmCompat.TestSupport;

/// <summary>
/// Proof that a call waits for a semaphore somebody else holds, without timing it: the kernel
/// counts the processes blocked in <c>semop</c> on the counter (semaphore [0], <c>GETNCNT</c>),
/// so a call that takes the lock shows up there and a call that skips it finishes instead.
/// </summary>
public static partial class SemaphoreWaiters
{
    private const int GETNCNT = 14;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many threads are blocked waiting to decrement semaphore [0] of the set under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidOperationException">No semaphore set has this key.</exception>
    public static int Count(int key)
    {
        int id = semget(key, 0, 0);
        if (id < 0) throw new InvalidOperationException($"no semaphore set under key 0x{key:x8}");
        int n = semctl(id, 0, GETNCNT);
        if (n < 0) throw new InvalidOperationException($"semctl(GETNCNT) failed for key 0x{key:x8}: errno {Marshal.GetLastPInvokeError()}");
        return n;
    }

    /// <summary>
    /// Watches <paramref name="call"/> while another holder has the semaphore under
    /// <paramref name="key"/>: true as soon as a thread is blocked on it (the call waits for the
    /// lock), false if the call finishes first (it did not wait). The holder must keep the lock
    /// until this returns. The kernel offers no notification for "somebody started waiting",
    /// so this looks every few milliseconds; the call's own completion ends the watch at once.
    /// </summary>
    /// <exception cref="TimeoutException">Neither happened within the timeout (30 s by default).</exception>
    public static bool WaitsForLock(Task call, int key, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (Count(key) > 0) return true;
            try
            {
                if (call.Wait(TimeSpan.FromMilliseconds(2))) return false;
            }
            catch (AggregateException)
            {
                return false; // it failed without waiting: also "did not wait"
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the call neither finished nor blocked on semaphore 0x{key:x8} within {timeout ?? DefaultTimeout}");
        }
    }

    [LibraryImport("libc.so.6")] private static partial int semget(int key, int nsems, int flags);
    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int semctl(int id, int num, int cmd);
}
