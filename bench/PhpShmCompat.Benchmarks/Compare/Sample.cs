namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>
/// One timed run of one side: operations, payload bytes, wall-clock seconds and the CPU
/// seconds (user + system, getrusage) the process used meanwhile.
/// </summary>
internal readonly record struct Sample(long Ops, long Bytes, double Seconds, double CpuSeconds)
{
    /// <summary>Operations per second of wall-clock time or of CPU time.</summary>
    public double OpsPerSecond(bool cpu) => Ops / (cpu ? CpuSeconds : Seconds);

    /// <summary>Payload MiB per second (bytes read for unserialize, bytes written for serialize).</summary>
    public double MiBPerSecond(bool cpu) => Bytes / (cpu ? CpuSeconds : Seconds) / (1024.0 * 1024.0);
}
