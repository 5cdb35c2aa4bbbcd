using System.Runtime.InteropServices;

namespace PhpShmCompat.Benchmarks.Waiting;

/// <summary>
/// <c>clock_gettime(CLOCK_MONOTONIC)</c> in nanoseconds: the clock PHP's <c>hrtime(true)</c> reads,
/// so a timestamp PHP takes before <c>msg_send</c> and one .NET takes in the handler are comparable.
/// </summary>
internal static unsafe partial class MonotonicClock
{
    private const int ClockMonotonic = 1;

    /// <summary>Nanoseconds on CLOCK_MONOTONIC.</summary>
    public static long Nanoseconds()
    {
        long* ts = stackalloc long[2];
        if (clock_gettime(ClockMonotonic, ts) != 0) throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        return ts[0] * 1_000_000_000L + ts[1];
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int clock_gettime(int clock, long* ts);
}
