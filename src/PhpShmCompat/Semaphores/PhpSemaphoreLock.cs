namespace PhpShmCompat;

/// <summary>
/// One acquisition of a <see cref="PhpSemaphore"/>, released on <see cref="Dispose"/>:
/// <c>using (sem.Lock()) { ... }</c>. Disposing more than once releases only once.
/// </summary>
public sealed class PhpSemaphoreLock : IDisposable
{
    private PhpSemaphore? _semaphore;

    internal PhpSemaphoreLock(PhpSemaphore semaphore) => _semaphore = semaphore;

    /// <summary>True until this lock has been released.</summary>
    public bool IsHeld => Volatile.Read(ref _semaphore) is not null;

    /// <summary>Releases the acquisition this lock stands for (once).</summary>
    public void Dispose() => Interlocked.Exchange(ref _semaphore, null)?.Release();
}
