namespace WorkerPool;

/// <summary>
/// Whether this worker has taken its 'STOP'. The master sends one per worker; a worker that
/// takes a second one (several handlers run at once) sends it back for another worker.
/// </summary>
public sealed class StopTask
{
    private int _claimed;

    /// <summary>True once this worker took its STOP.</summary>
    public bool IsClaimed => Volatile.Read(ref _claimed) != 0;

    /// <summary>Claims the STOP; false when this worker already has one.</summary>
    public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;
}
