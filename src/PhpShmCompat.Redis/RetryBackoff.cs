namespace PhpShmCompat.Redis;

/// <summary>Exponential backoff with jitter for retrying Redis after a failure: 100 ms doubling to 5 s.</summary>
internal sealed class RetryBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Last = TimeSpan.FromSeconds(5);
    private TimeSpan _next = First;

    /// <summary>How many failures in a row.</summary>
    public int Failures { get; private set; }

    /// <summary>The delay before the next attempt.</summary>
    public TimeSpan Next()
    {
        Failures++;
        TimeSpan delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(Last.Ticks, _next.Ticks * 2));
        return delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)(delay.TotalMilliseconds / 4) + 1));
    }

    /// <summary>After a success.</summary>
    public void Reset()
    {
        Failures = 0;
        _next = First;
    }
}
