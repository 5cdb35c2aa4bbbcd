using PhpSerializer;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>Reads a sysvshm segment under the PHP-compatible lock after a fault.</summary>
internal static class SegmentChecks
{
    /// <summary>The int in variable <paramref name="varKey"/>, or null when absent; read while holding <paramref name="sem"/>.</summary>
    public static long? ReadCounterLocked(PhpSemaphore sem, PhpSharedMemory shm, long varKey)
    {
        if (!sem.Acquire(TimeSpan.FromSeconds(10))) throw new TimeoutException("the lock was not released within 10 s");
        try { return ReadInt(shm, varKey); }
        finally { sem.Release(); }
    }

    public static long? ReadInt(PhpSharedMemory shm, long varKey)
    {
        byte[]? raw = shm.GetRaw(varKey);
        return raw is null ? null : ((PhpInt)PhpSerialization.Unserialize(raw)).Value;
    }

    /// <summary>Polls (under the lock) until the counter reaches <paramref name="target"/>; returns the value seen.</summary>
    public static long WaitForCounter(PhpSemaphore sem, PhpSharedMemory shm, long varKey, long target)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            long value = ReadCounterLocked(sem, shm, varKey) ?? 0;
            if (value >= target) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"counter stuck at {value}, wanted {target}");
            Thread.Sleep(5);
        }
    }
}
