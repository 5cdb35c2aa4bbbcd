using System.Runtime.InteropServices;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>
/// The process's CPU time from <c>getrusage(RUSAGE_SELF)</c>, user + system, the same call
/// PHP's <c>getrusage()</c> makes, so both sides use one clock.
/// </summary>
internal static unsafe partial class CpuClock
{
    /// <summary>CPU seconds used by this process so far.</summary>
    public static double Seconds()
    {
        // struct rusage starts with ru_utime and ru_stime (struct timeval: tv_sec, tv_usec as longs); 18 longs in all.
        long* usage = stackalloc long[18];
        if (getrusage(0, usage) != 0) throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return usage[0] + usage[2] + (usage[1] + usage[3]) / 1e6;
    }

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int getrusage(int who, long* usage);
}
