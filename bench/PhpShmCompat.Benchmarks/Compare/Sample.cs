namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>One timed run of one side: operations, payload bytes and wall-clock seconds.</summary>
internal readonly record struct Sample(long Ops, long Bytes, double Seconds)
{
    /// <summary>Operations per second.</summary>
    public double OpsPerSecond => Ops / Seconds;

    /// <summary>Payload MiB per second (bytes read for unserialize, bytes written for serialize).</summary>
    public double MiBPerSecond => Bytes / Seconds / (1024.0 * 1024.0);
}
