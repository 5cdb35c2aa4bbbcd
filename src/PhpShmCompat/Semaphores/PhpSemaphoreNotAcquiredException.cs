namespace PhpShmCompat;

/// <summary>
/// <see cref="PhpSemaphore.Release"/> was called on a handle that holds no acquisition
/// (PHP: "SysV semaphore for key 0x... is not currently acquired").
/// </summary>
public sealed class PhpSemaphoreNotAcquiredException : PhpIpcException
{
    /// <summary>Creates the exception for the semaphore under <paramref name="key"/>.</summary>
    public PhpSemaphoreNotAcquiredException(int key)
        : base($"SysV semaphore for key {FormatKey(key)} is not currently acquired by this handle")
    {
        SemaphoreKey = key;
    }

    /// <summary>The key of the semaphore that was released without being held.</summary>
    public int SemaphoreKey { get; }
}
