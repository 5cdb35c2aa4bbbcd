namespace PhpShmCompat;

/// <summary>Options of <see cref="PhpShmGrow.Grow"/>.</summary>
public sealed class PhpShmGrowOptions
{
    /// <summary>The key of PHP's <c>sem_get</c> lock the writers hold around <c>shm_put_var</c>; held for the whole grow. Null: no lock.</summary>
    public int? LockKey { get; init; }

    /// <summary>How the old segment is read (layout detected or forced).</summary>
    public PhpSharedMemoryOptions SegmentOptions { get; init; } = PhpSharedMemoryOptions.Default;

    /// <summary>
    /// Called with the old segment's id just before it is marked removed, for a process that
    /// attaches it and calls <see cref="PhpShmGrow.Recover"/> if this one dies before the new
    /// segment is published. It must return only once that process is attached.
    /// </summary>
    public Action<int>? KeepOldAlive { get; init; }
}
