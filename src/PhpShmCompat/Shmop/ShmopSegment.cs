namespace PhpShmCompat;

/// <summary>
/// A raw shared memory segment as PHP's <c>shmop_*</c> functions see it: no layout, just
/// <see cref="Size"/> bytes. Opened with PHP's exact <c>shmget</c>/<c>shmat</c> flags per mode.
/// </summary>
/// <remarks>
/// Like PHP, shmop has no locking; coordinate writers with a semaphore. Spans returned by
/// <see cref="AsSpan"/>/<see cref="AsReadOnlySpan"/> point into the mapping and must not be used
/// after <see cref="Dispose"/>; the other members throw <see cref="ObjectDisposedException"/> then.
/// </remarks>
public sealed class ShmopSegment : IDisposable
{
    private readonly SharedMemoryMapping _mapping;

    private ShmopSegment(int key, int id, ShmopMode mode, SharedMemoryMapping mapping)
    {
        Key = key;
        Id = id;
        Mode = mode;
        _mapping = mapping;
    }

    /// <summary>The IPC key.</summary>
    public int Key { get; }

    /// <summary>The kernel's shared memory id (PHP 7 returned it from <c>shmop_open</c>).</summary>
    public int Id { get; }

    /// <summary>The mode it was opened with.</summary>
    public ShmopMode Mode { get; }

    /// <summary>True for <see cref="ShmopMode.Access"/> ("a"): writes are refused.</summary>
    public bool IsReadOnly => _mapping.IsReadOnly;

    /// <summary><c>shmop_size</c>: the kernel's segment size (<c>shm_segsz</c>), whatever size was requested.</summary>
    public long Size => _mapping.Length;

    /// <summary>
    /// <c>shmop_open</c>. "a"/"w" open an existing segment (size is ignored, 0 is passed as PHP
    /// does); "c" opens or creates (an existing segment may be larger than
    /// <paramref name="size"/>, not smaller: EINVAL); "n" creates and fails if it exists.
    /// </summary>
    /// <param name="key">The IPC key.</param>
    /// <param name="mode">The access mode.</param>
    /// <param name="permissions">Passed to <c>shmget</c> as PHP passes its <c>$permissions</c>.
    /// null means <see cref="IpcPermissions.OwnerOnly"/> (0600) for "c"/"n" and no bits (0) for "a"/"w".</param>
    /// <param name="size">Bytes for "c"/"n" (must be &gt; 0); ignored for "a"/"w".</param>
    /// <exception cref="ArgumentOutOfRangeException">"c"/"n" with size &lt; 1.</exception>
    /// <exception cref="PhpIpcException">shmget/shmctl/shmat failed (not found, exists, permission, invalid size...).</exception>
    public static ShmopSegment Open(int key, ShmopMode mode, IpcPermissions? permissions = null, long size = 0)
    {
        bool creates = mode is ShmopMode.Create or ShmopMode.CreateNew;
        int flags = (permissions ?? (creates ? IpcPermissions.Default : IpcPermissions.None)).Mode;
        flags |= mode switch
        {
            ShmopMode.Create => Interop.Ipc.IPC_CREAT,
            ShmopMode.CreateNew => Interop.Ipc.IPC_CREAT | Interop.Ipc.IPC_EXCL,
            ShmopMode.Access or ShmopMode.Write => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a shmop mode"),
        };
        if (!creates) size = 0;
        else if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "must be greater than 0 for the \"c\" and \"n\" access modes");

        int id = Interop.ShmGet(key, (nuint)size, flags);
        if (id < 0) throw PhpIpcException.LastError("shmget", key, $"shmop mode \"{mode.ToPhpLetter()}\", size {size}");
        SharedMemoryMapping mapping = SharedMemoryMapping.Attach(id, key, readOnly: mode == ShmopMode.Access);
        return new ShmopSegment(key, id, mode, mapping);
    }

    /// <summary><c>shmop_open</c> with PHP's mode letter ("a", "c", "w" or "n").</summary>
    public static ShmopSegment Open(int key, string mode, IpcPermissions? permissions = null, long size = 0)
        => Open(key, ShmopModes.FromPhpLetter(mode), permissions, size);

    /// <summary>
    /// <c>shmop_read</c>: <paramref name="count"/> bytes from <paramref name="offset"/>; count 0
    /// reads to the end. PHP's rules: <c>0 &lt;= offset &lt;= Size</c>, <c>count &gt;= 0</c>,
    /// <c>offset + count &lt;= Size</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">offset or count out of range.</exception>
    public byte[] Read(long offset, long count)
    {
        using var lease = _mapping.Acquire();
        Span<byte> all = lease.Span;
        CheckRead(offset, count, all.Length);
        int length = count == 0 ? all.Length - (int)offset : (int)count;
        return all.Slice((int)offset, length).ToArray();
    }

    /// <summary>Copies bytes from <paramref name="offset"/> into <paramref name="destination"/> (its full length).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the segment.</exception>
    public void Read(long offset, Span<byte> destination)
    {
        using var lease = _mapping.Acquire();
        Span<byte> all = lease.Span;
        if (offset < 0 || offset > all.Length || destination.Length > all.Length - offset)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"reading {destination.Length} bytes at {offset} is outside the {all.Length}-byte segment");
        all.Slice((int)offset, destination.Length).CopyTo(destination);
    }

    /// <summary>
    /// <c>shmop_write</c>: writes all of <paramref name="data"/> at <paramref name="offset"/>.
    /// Unlike PHP 8.0-8.4, data that does not fit throws instead of being cut, unless
    /// <paramref name="allowTruncation"/> is true.
    /// </summary>
    /// <returns>Bytes written (with truncation: those that fit, which is also what PHP 8.2 returns).</returns>
    /// <exception cref="InvalidOperationException">The segment was opened read-only ("a").</exception>
    /// <exception cref="ArgumentOutOfRangeException">offset outside <c>[0, Size]</c>, or the data does not fit and truncation was not allowed.</exception>
    public int Write(long offset, ReadOnlySpan<byte> data, bool allowTruncation = false)
    {
        ThrowIfReadOnly();
        using var lease = _mapping.Acquire();
        Span<byte> all = lease.Span;
        if (offset < 0 || offset > all.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"must be between 0 and the segment size {all.Length}");
        int room = all.Length - (int)offset;
        if (data.Length > room && !allowTruncation)
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, $"{data.Length} bytes at offset {offset} do not fit in the {all.Length}-byte segment of key {PhpIpcException.FormatKey(Key)} ({room} left); pass allowTruncation: true for PHP 8.0-8.4's silent truncation");
        int count = Math.Min(room, data.Length);
        data[..count].CopyTo(all.Slice((int)offset, count));
        return count;
    }

    /// <summary>The whole segment, writable. Valid until <see cref="Dispose"/>; never use it after.</summary>
    /// <exception cref="InvalidOperationException">The segment was opened read-only ("a").</exception>
    public Span<byte> AsSpan()
    {
        ThrowIfReadOnly();
        using var lease = _mapping.Acquire();
        return lease.Span;
    }

    /// <summary>The whole segment, read-only (any mode). Valid until <see cref="Dispose"/>; never use it after.</summary>
    public ReadOnlySpan<byte> AsReadOnlySpan()
    {
        using var lease = _mapping.Acquire();
        return lease.Span;
    }

    /// <summary><c>shmop_delete</c>: marks the segment for removal (IPC_RMID); it goes when the last process detaches.</summary>
    /// <exception cref="PhpIpcException">Not the owner or creator (EPERM), or already removed.</exception>
    public void Delete()
    {
        ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
        Interop.ShmRemoveOrThrow(Id, Key);
    }

    /// <summary>Detaches (<c>shmdt</c>); the segment itself stays unless deleted.</summary>
    public void Dispose() => _mapping.Dispose();

    private void ThrowIfReadOnly()
    {
        ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
        if (_mapping.IsReadOnly)
            throw new InvalidOperationException($"shmop segment {PhpIpcException.FormatKey(Key)} was opened read-only (mode \"a\") and cannot be written.");
    }

    private void CheckRead(long offset, long count, int size)
    {
        if (offset < 0 || offset > size)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"must be between 0 and the segment size {size}");
        if (count < 0 || count > size - offset)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"is out of range: {size - offset} bytes from offset {offset} to the end of segment {PhpIpcException.FormatKey(Key)}");
    }
}
