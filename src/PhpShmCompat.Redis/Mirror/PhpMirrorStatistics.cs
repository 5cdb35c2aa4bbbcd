namespace PhpShmCompat.Redis;

/// <summary>What a <see cref="PhpSegmentMirror"/> has done so far (counters only grow).</summary>
public sealed class PhpMirrorStatistics
{
    private long _passes, _published, _written, _removed, _tornRetries, _requests;

    /// <summary>Times the segment was looked at.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Changes published (each one a new version).</summary>
    public long ChangesPublished => Interlocked.Read(ref _published);

    /// <summary>Variable values written to the hash.</summary>
    public long VariablesWritten => Interlocked.Read(ref _written);

    /// <summary>Variables deleted from the hash.</summary>
    public long VariablesRemoved => Interlocked.Read(ref _removed);

    /// <summary>Unlocked reads repeated because two walks disagreed or the copy did not parse.</summary>
    public long TornReadRetries => Interlocked.Read(ref _tornRetries);

    /// <summary>Remote requests answered.</summary>
    public long RequestsAnswered => Interlocked.Read(ref _requests);

    internal void Pass() => Interlocked.Increment(ref _passes);
    internal void Published(int written, int removed)
    {
        Interlocked.Increment(ref _published);
        Interlocked.Add(ref _written, written);
        Interlocked.Add(ref _removed, removed);
    }
    internal void TornRetry() => Interlocked.Increment(ref _tornRetries);
    internal void Answered() => Interlocked.Increment(ref _requests);
}
