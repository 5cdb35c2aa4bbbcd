using System.Diagnostics;
using PhpShmCompat.Benchmarks.Workloads;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>Times a C# workload with the same loop shape as bench.php's <c>timed()</c>.</summary>
internal static class CSharpSide
{
    /// <summary>
    /// Warms up for <paramref name="warmupMilliseconds"/> (at least one batch: tiered JIT needs
    /// a few hundred ms the first time), then runs batches until <paramref name="milliseconds"/>
    /// have passed, reading the clock once per batch.
    /// </summary>
    public static Sample Run(IWorkload workload, int milliseconds, int warmupMilliseconds)
    {
        long warmupEnd = Stopwatch.GetTimestamp() + warmupMilliseconds * Stopwatch.Frequency / 1000;
        do workload.RunBatch(); while (Stopwatch.GetTimestamp() < warmupEnd);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        long budget = milliseconds * Stopwatch.Frequency / 1000;
        long ops = 0, bytes = 0, elapsed;
        long start = Stopwatch.GetTimestamp();
        do
        {
            (long o, long b) = workload.RunBatch();
            ops += o;
            bytes += b;
            elapsed = Stopwatch.GetTimestamp() - start;
        } while (elapsed < budget);
        return new Sample(ops, bytes, (double)elapsed / Stopwatch.Frequency);
    }
}
