namespace PhpShmCompat.Hosting;

/// <summary>Settings of the sysvshm segment (and its semaphore) registered with <c>AddPhpSharedMemory</c>.</summary>
public sealed class PhpSharedMemoryOptions
{
    /// <summary>The segment's key (PHP's <c>shm_attach($key)</c>): decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>. Required.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// The key of the semaphore PHP takes around its read-modify-writes (<c>sem_get($key)</c>);
    /// default: the segment's key, PHP's common idiom.
    /// </summary>
    public string? SemaphoreKey { get; set; }

    /// <summary>Size of a segment created here (PHP's default 10000).</summary>
    public long Size { get; set; } = PhpSharedMemory.DefaultSize;

    /// <summary>Create the segment when it does not exist (default false: a missing segment fails the start).</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>Octal mode of objects created here; default 0600.</summary>
    public string? Permissions { get; set; }
}
