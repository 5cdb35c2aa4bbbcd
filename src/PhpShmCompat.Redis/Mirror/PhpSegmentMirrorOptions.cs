namespace PhpShmCompat.Redis;

/// <summary>What a <see cref="PhpSegmentMirror"/> mirrors and how.</summary>
public sealed class PhpSegmentMirrorOptions
{
    /// <summary>The System V key of the sysvshm segment (the key PHP passes to <c>shm_attach</c>).</summary>
    public required int SegmentKey { get; init; }

    /// <summary>
    /// The key of PHP's semaphore guarding the segment (the key PHP passes to <c>sem_get</c>).
    /// With it every read and every remote write happens under the lock, as PHP's own code does;
    /// without it a read is repeated until two walks agree, and remote writes are refused.
    /// </summary>
    public int? SemaphoreKey { get; init; }

    /// <summary>How often the segment is looked at (sysvshm has no change notification). Default 100 ms.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The key prefix (see <see cref="PhpRedisKeys"/>). Default <c>phpshm</c>.</summary>
    public string KeyPrefix { get; init; } = PhpRedisKeys.DefaultPrefix;

    /// <summary>Apply put/remove requests sent by <see cref="PhpRedisSegment"/>. Default true (needs <see cref="SemaphoreKey"/>).</summary>
    public bool AcceptRemoteWrites { get; init; } = true;

    /// <summary>About how many entries the change stream keeps (<c>XADD MAXLEN ~</c>). Default 10,000.</summary>
    public int ChangeStreamLength { get; init; } = 10_000;

    /// <summary>How many times an unlocked read is repeated before the pass is given up (and retried next interval). Default 20.</summary>
    public int TornReadAttempts { get; init; } = 20;

    /// <summary>How the segment is opened (layout, large integers).</summary>
    public PhpSharedMemoryOptions SegmentOptions { get; init; } = PhpSharedMemoryOptions.Default;

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The interval must be positive.");
        if (ChangeStreamLength < 1) throw new ArgumentOutOfRangeException(nameof(ChangeStreamLength), ChangeStreamLength, "Keep at least one change.");
        if (TornReadAttempts < 2) throw new ArgumentOutOfRangeException(nameof(TornReadAttempts), TornReadAttempts, "An unlocked read needs at least two walks to agree.");
        ArgumentException.ThrowIfNullOrEmpty(KeyPrefix);
    }
}
