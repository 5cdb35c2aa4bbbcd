namespace PhpShmCompat;

public sealed partial class PhpSharedMemory
{
    /// <summary>
    /// Opens an <b>existing</b> segment without creating or initialising anything (unlike
    /// <see cref="Attach(int, long, IpcPermissions?)"/>): for inspection tools and for writers that must not create a
    /// segment by accident. With <paramref name="readOnly"/> the segment is attached with
    /// <c>SHM_RDONLY</c>: the process cannot change it, and <see cref="PutRaw"/> and
    /// <see cref="Remove"/> throw <see cref="InvalidOperationException"/>.
    /// A segment without the <c>PHP_SM</c> magic is opened as it is; reading its header or
    /// variables then throws <see cref="PhpShmCorruptException"/> and <see cref="Validate"/> reports it.
    /// </summary>
    /// <param name="key">The IPC key; 0 (IPC_PRIVATE) cannot name an existing segment.</param>
    /// <param name="readOnly">Attach with <c>SHM_RDONLY</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="key"/> is 0.</exception>
    /// <exception cref="PhpIpcNotFoundException">No segment has this key.</exception>
    /// <exception cref="PhpIpcException">Another system call failure (permission, ...).</exception>
    public static PhpSharedMemory Open(int key, bool readOnly = false) => Open(key, readOnly, PhpSharedMemoryOptions.Default);

    /// <summary><see cref="Open(int, bool)"/> with layout options (detected or forced 64-bit or 32-bit).</summary>
    /// <param name="key">The System V key of an existing segment.</param>
    /// <param name="readOnly">Attach read-only (<c>SHM_RDONLY</c>).</param>
    /// <param name="options">Layout settings.</param>
    public static PhpSharedMemory Open(int key, bool readOnly, PhpSharedMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (key == Interop.Ipc.IPC_PRIVATE)
            throw new ArgumentOutOfRangeException(nameof(key), key, "key 0 is IPC_PRIVATE and names no existing segment");
        int id = Interop.ShmGet(key, 0, 0);
        if (id < 0) throw PhpIpcException.LastError("shmget", key);
        return new PhpSharedMemory(key, id, SharedMemoryMapping.Attach(id, key, readOnly), options);
    }

    /// <summary>
    /// Opens an existing segment by its kernel id (<c>shmid</c>, as <c>ipcs</c> and
    /// <c>/proc/sysvipc/shm</c> list it), which also reaches private (key 0) segments.
    /// Otherwise like <see cref="Open(int, bool)"/>.
    /// </summary>
    /// <param name="shmid">The kernel's shared memory id.</param>
    /// <param name="key">The segment's key, used in messages and as <see cref="Key"/>.</param>
    /// <param name="readOnly">Attach with <c>SHM_RDONLY</c>.</param>
    /// <exception cref="PhpIpcException">The id is gone, or another system call failure (typed by errno).</exception>
    public static PhpSharedMemory OpenById(int shmid, int key, bool readOnly = true)
        => new(key, shmid, SharedMemoryMapping.Attach(shmid, key, readOnly), null);

    /// <summary><see cref="OpenById(int, int, bool)"/> with layout options.</summary>
    /// <param name="shmid">The segment id.</param>
    /// <param name="key">Its key (for messages).</param>
    /// <param name="readOnly">Attach read-only.</param>
    /// <param name="options">Layout settings.</param>
    public static PhpSharedMemory OpenById(int shmid, int key, bool readOnly, PhpSharedMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(key, shmid, SharedMemoryMapping.Attach(shmid, key, readOnly), options);
    }

    /// <summary>True when attached with <c>SHM_RDONLY</c> (<see cref="Open(int, bool)"/> with readOnly).</summary>
    public bool IsReadOnly => _mapping.IsReadOnly;

    /// <summary>Whether bytes 0..6 hold PHP's <c>PHP_SM\0</c> magic (what <c>shm_attach</c> tests).</summary>
    public bool HasPhpMagic
    {
        get
        {
            using var lease = _mapping.Acquire();
            return SysvShmLayout.HasMagic(lease.Span);
        }
    }

    /// <summary>
    /// Every variable's key and a copy of its serialized bytes, in segment order, read in one
    /// validated pass over the segment (a consistent snapshot of what one walk saw). A key stored
    /// twice (only foreign writers or corruption do that) appears twice; PHP reads the first.
    /// </summary>
    /// <exception cref="PhpShmCorruptException">The header or a chunk is out of bounds.</exception>
    public IReadOnlyList<KeyValuePair<long, byte[]>> ReadAllRaw()
    {
        using var lease = _mapping.Acquire();
        ReadOnlySpan<byte> segment = lease.Span;
        List<SysvShmLayout.Chunk> chunks;
        try { chunks = SysvShmLayout.Chunks(FormatOf(segment), segment); }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
        var result = new List<KeyValuePair<long, byte[]>>(chunks.Count);
        foreach (SysvShmLayout.Chunk chunk in chunks)
            result.Add(new(chunk.Key, SysvShmLayout.Data(segment, chunk).ToArray()));
        return result;
    }

    private void ThrowIfReadOnly()
    {
        if (_mapping.IsReadOnly)
            throw new InvalidOperationException($"sysvshm segment {PhpIpcException.FormatKey(Key)} was opened read-only");
    }
}
