namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// One C# workload of the side-by-side comparison: the same loop as the PHP item of the same
/// name in <c>bench/php/bench.php</c>. Setup happens in the constructor and is not timed.
/// </summary>
internal interface IWorkload : IDisposable
{
    /// <summary>Runs one batch; returns the operations done and the payload bytes processed.</summary>
    (long Ops, long Bytes) RunBatch();
}

/// <summary>Keeps results observable so the JIT cannot drop the work.</summary>
internal static class Sink
{
    /// <summary>Accumulates something from every result.</summary>
    public static long Value;
}
