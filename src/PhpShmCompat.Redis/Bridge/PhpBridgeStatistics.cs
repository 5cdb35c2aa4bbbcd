namespace PhpShmCompat.Redis;

/// <summary>What a bridge has moved so far (counters only grow, except <see cref="Unconfirmed"/>).</summary>
public sealed class PhpBridgeStatistics
{
    private long _received, _delivered, _resent, _redelivered, _deadLettered, _failures, _unconfirmed;

    /// <summary>Messages taken from the source (a System V queue or a stream).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages delivered and confirmed at the destination.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages sent again because an earlier send was not confirmed (a failure or a restart): each may be a duplicate.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    /// <summary>Stream entries delivered again after a restart because their acknowledgement was not recorded: each may be a duplicate.</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    /// <summary>Entries moved to the dead-letter stream.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Redis calls that failed (each followed by a retry after backoff).</summary>
    public long RedisFailures => Interlocked.Read(ref _failures);

    /// <summary>Messages taken and not yet confirmed at the destination.</summary>
    public long Unconfirmed => Interlocked.Read(ref _unconfirmed);

    /// <summary>Possible duplicates: <see cref="Resent"/> + <see cref="Redelivered"/>.</summary>
    public long PossibleDuplicates => Resent + Redelivered;

    internal void AddReceived(long n) => Interlocked.Add(ref _received, n);
    internal void AddDelivered(long n) => Interlocked.Add(ref _delivered, n);
    internal void AddResent(long n) => Interlocked.Add(ref _resent, n);
    internal void AddRedelivered(long n) => Interlocked.Add(ref _redelivered, n);
    internal void AddDeadLettered(long n) => Interlocked.Add(ref _deadLettered, n);
    internal void Failure() => Interlocked.Increment(ref _failures);
    internal void SetUnconfirmed(long n) => Interlocked.Exchange(ref _unconfirmed, n);

    /// <inheritdoc />
    public override string ToString()
        => $"received {Received}, delivered {Delivered}, possible duplicates {PossibleDuplicates} (resent {Resent}, redelivered {Redelivered}), " +
           $"dead-lettered {DeadLettered}, Redis failures {RedisFailures}, unconfirmed {Unconfirmed}";
}
