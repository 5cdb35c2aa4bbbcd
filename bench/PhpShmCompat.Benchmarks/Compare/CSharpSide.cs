using System.Diagnostics;
using PhpShmCompat.Benchmarks.Workloads;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>Times a C# workload with the same loop shape as bench.php's <c>timed()</c>.</summary>
internal static class CSharpSide
{
    /// <summary>
    /// Warms up until the process has used <paramref name="warmupMilliseconds"/> of CPU time (at
    /// least one batch; tiered JIT and dynamic PGO need a good second of CPU the first time, and
    /// under load a wall-clock warm-up would leave JIT work inside the timed window), then runs
    /// batches until the process has used <paramref name="milliseconds"/> of CPU time (capped at
    /// 20x in wall time), reading the clocks once per batch, exactly as the PHP side does.
    /// </summary>
    public static Sample Run(IWorkload workload, int milliseconds, int warmupMilliseconds)
    {
        double warmupEnd = CpuClock.Seconds() + warmupMilliseconds / 1000.0;
        long warmupWallEnd = Stopwatch.GetTimestamp() + 20L * warmupMilliseconds * Stopwatch.Frequency / 1000;
        do workload.RunBatch(); while (CpuClock.Seconds() < warmupEnd && Stopwatch.GetTimestamp() < warmupWallEnd);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        double budget = milliseconds / 1000.0;
        long ops = 0, bytes = 0;
        double wall, cpu;
        long start = Stopwatch.GetTimestamp();
        double cpu0 = CpuClock.Seconds();
        do
        {
            (long o, long b) = workload.RunBatch();
            ops += o;
            bytes += b;
            cpu = CpuClock.Seconds() - cpu0;
            wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        } while (cpu < budget && wall < 20 * budget);
        return new Sample(ops, bytes, wall, cpu);
    }
}
