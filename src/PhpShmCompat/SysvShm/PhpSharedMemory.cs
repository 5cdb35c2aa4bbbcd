namespace PhpShmCompat;

/// <summary>Reads a variable's serialized bytes in place (zero-copy); the span is valid only during the call.</summary>
public delegate TResult ShmRawReader<in TState, out TResult>(ReadOnlySpan<byte> serialized, TState state);

/// <summary>
/// A PHP sysvshm segment (<c>shm_attach</c>, <c>shm_put_var</c>, <c>shm_get_var</c>, ...):
/// reads and writes the same bytes PHP does, with every field validated against the kernel's
/// segment size first.
/// </summary>
/// <remarks>
/// sysvshm has <b>no locking</b>, in PHP or here: when several processes write, every writer
/// (PHP and C#) must hold the same sysvsem semaphore around its calls (see
/// <c>docs/sysvshm.md</c>). An instance may be used from several threads only with the same
/// kind of external lock; it is safe against use after <see cref="Dispose"/>, which then throws
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class PhpSharedMemory : IDisposable
{
    /// <summary>PHP's default <c>sysvshm.init_mem</c>: 10000 bytes.</summary>
    public const long DefaultSize = 10000;

    private readonly SharedMemoryMapping _mapping;
    private readonly PhpSharedMemoryOptions _options;
    private SysvShmIndex? _index;

    private PhpSharedMemory(int key, int id, SharedMemoryMapping mapping, PhpSharedMemoryOptions? options)
    {
        Key = key;
        Id = id;
        _mapping = mapping;
        _options = options ?? PhpSharedMemoryOptions.Default;
    }

    /// <summary>The IPC key given to <see cref="Attach(int, long, IpcPermissions?)"/>.</summary>
    public int Key { get; }

    /// <summary>The kernel's shared memory id (<c>shmid</c>).</summary>
    public int Id { get; }

    /// <summary>The kernel's segment size (<c>shm_segsz</c>), which every field is checked against.</summary>
    public long SegmentSize => _mapping.Length;

    /// <summary>False after <see cref="Detach"/>, <see cref="Dispose"/> or <see cref="Destroy"/>.</summary>
    public bool IsAttached => !_mapping.IsClosed;

    /// <summary>
    /// <c>shm_attach</c>: opens the segment under <paramref name="key"/>, or creates it with
    /// <paramref name="size"/> bytes and <paramref name="permissions"/> when there is none.
    /// A segment without the <c>PHP_SM</c> magic is initialised as PHP does (total = the
    /// kernel's real size). On an existing segment, size and permissions are ignored.
    /// </summary>
    /// <param name="key">The IPC key (PHP truncates its int to 32 bits); 0 is IPC_PRIVATE, a new private segment.</param>
    /// <param name="size">Bytes for a new segment, at least 40 (the header).</param>
    /// <param name="permissions">Mode of a new segment; null means <see cref="IpcPermissions.OwnerOnly"/> (0600), not PHP's 0666.</param>
    /// <exception cref="ArgumentOutOfRangeException">A new segment would be smaller than 40 bytes ("memorysize too small").</exception>
    /// <exception cref="PhpIpcException">A system call failed (permission, too large, ...).</exception>
    /// <exception cref="PhpShmCorruptException">The existing segment is smaller than the sysvshm header.</exception>
    public static PhpSharedMemory Attach(int key, long size = DefaultSize, IpcPermissions? permissions = null)
        => Attach(key, size, permissions, PhpSharedMemoryOptions.Default);

    /// <summary>
    /// <see cref="Attach(int, long, IpcPermissions?)"/> with options: the layout (detected,
    /// or forced 64-bit or 32-bit; a segment without the magic is initialised 32-bit only when
    /// <see cref="PhpShmLayout.Php32"/> is forced) and how large ints go into a 32-bit segment.
    /// </summary>
    /// <param name="key">The System V key (0 for a new private segment).</param>
    /// <param name="size">Size of a segment that has to be created (ignored for an existing one).</param>
    /// <param name="permissions">Mode of a created segment (default 0600).</param>
    /// <param name="options">Layout settings.</param>
    public static PhpSharedMemory Attach(int key, long size, IpcPermissions? permissions, PhpSharedMemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "must be greater than 0");
        int mode = (permissions ?? IpcPermissions.Default).Mode;
        SysvShmFormat fresh = options.Layout == PhpShmLayout.Php32 ? SysvShmFormat.Php32 : SysvShmFormat.Php64;
        int id = OpenOrCreate(key, size, mode, fresh.HeaderSize);
        SharedMemoryMapping mapping = SharedMemoryMapping.Attach(id, key, readOnly: false);
        try
        {
            using (SharedMemoryMapping.Lease lease = mapping.Acquire())
            {
                Span<byte> segment = lease.Span;
                if (segment.Length < fresh.HeaderSize)
                    throw new PhpShmCorruptException(new PhpShmProblem("segment size", 0, segment.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $">= {fresh.HeaderSize} (the sysvshm header)"), key);
                if (!SysvShmLayout.HasMagic(segment)) SysvShmLayout.Initialize(fresh, segment);
            }
            return new PhpSharedMemory(key, id, mapping, options);
        }
        catch
        {
            mapping.Dispose();
            throw;
        }
    }

    private static int OpenOrCreate(int key, long size, int mode, int headerSize)
    {
        for (int attempt = 0; ; attempt++)
        {
            int id = key == Interop.Ipc.IPC_PRIVATE ? -1 : Interop.ShmGet(key, 0, 0);
            if (id >= 0) return id;
            if (key != Interop.Ipc.IPC_PRIVATE)
            {
                var open = PhpIpcException.LastError("shmget", key);
                // PHP tries to create on any failure and then reports EEXIST; name the real cause instead.
                if (open.Errno != Interop.Errno.ENOENT) throw open;
            }
            if (size < headerSize)
                throw new ArgumentOutOfRangeException(nameof(size), size, $"memorysize too small: a new sysvshm segment needs at least {headerSize} bytes (key {PhpIpcException.FormatKey(key)})");
            id = Interop.ShmGet(key, (nuint)size, mode | Interop.Ipc.IPC_CREAT | Interop.Ipc.IPC_EXCL);
            if (id >= 0) return id;
            var create = PhpIpcException.LastError("shmget", key, $"create {size} bytes, mode {IpcPermissions.FromMode(mode)}");
            // Another process created it between our two calls: open theirs.
            if (create.Errno != Interop.Errno.EEXIST || attempt > 0) throw create;
        }
    }

    /// <summary>The header fields (validated).</summary>
    public PhpShmHeader Header
    {
        get
        {
            using var lease = _mapping.Acquire();
            try { return SysvShmLayout.ReadHeader(FormatOf(lease.Span), lease.Span); }
            catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
        }
    }

    /// <summary><c>shm_has_var</c>.</summary>
    public bool Has(long varKey)
    {
        using var lease = _mapping.Acquire();
        try
        {
            ReadOnlySpan<byte> segment = lease.Span;
            SysvShmFormat f = FormatOf(segment);
            return Find(f, segment, SysvShmLayout.ReadHeader(f, segment), varKey, out _);
        }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary>PHP's walk to the first chunk of <paramref name="varKey"/>, through the remembered positions when they prove right.</summary>
    private bool Find(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long varKey, out SysvShmLayout.Chunk chunk)
        => _options.CachePositions
            ? SysvShmIndex.Locate(ref _index, f, segment, header, varKey, out chunk)
            : SysvShmLayout.TryFind(f, segment, header, varKey, out chunk);

    /// <summary>
    /// <c>shm_put_var</c> with bytes that are already PHP <c>serialize()</c> output (not checked).
    /// An existing value is replaced and moves to the end, as in PHP.
    /// </summary>
    /// <exception cref="PhpShmFullException">It does not fit; the old value is kept (PHP would have deleted it).</exception>
    public void PutRaw(long varKey, ReadOnlySpan<byte> serialized) => PutSerialized(varKey, serialized, fromValue: false);

    // fromValue: the bytes came from serializing a value here, so they are made what 32-bit PHP
    // would write when the segment is 32-bit; raw bytes are stored exactly as given.
    private void PutSerialized(long varKey, ReadOnlySpan<byte> serialized, bool fromValue)
    {
        ThrowIfReadOnly();
        using var lease = _mapping.Acquire();
        try
        {
            SysvShmFormat f = FormatOf(lease.Span);
            byte[]? narrowed = fromValue && f.Is32Bit ? Php32Integers.Narrow(serialized, _options.LargeIntegers, varKey) : null;
            SysvShmLayout.Put(f, lease.Span, varKey, narrowed ?? serialized);
        }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
        catch (PhpShmFullException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary>
    /// Zero-copy access to a variable's serialized bytes: calls <paramref name="reader"/> with a
    /// span over the shared memory itself, valid only during the call (do not store it).
    /// </summary>
    /// <returns>False when the variable does not exist (the reader is then not called).</returns>
    public bool TryReadRaw<TState, TResult>(long varKey, TState state, ShmRawReader<TState, TResult> reader, out TResult? result)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var lease = _mapping.Acquire();
        ReadOnlySpan<byte> segment = lease.Span;
        if (!TryLocate(segment, varKey, out SysvShmLayout.Chunk chunk))
        {
            result = default;
            return false;
        }
        ReadOnlySpan<byte> data = SysvShmLayout.Data(segment, chunk);
        result = reader(data, state);
        return true;
    }

    /// <summary>A copy of a variable's serialized bytes, or null when it does not exist.</summary>
    public byte[]? GetRaw(long varKey)
        => TryReadRaw(varKey, 0, static (span, _) => span.ToArray(), out byte[]? copy) ? copy : null;

    /// <summary>Validates the header and walks to <paramref name="varKey"/>; corrupt-segment errors carry this segment's key.</summary>
    private bool TryLocate(ReadOnlySpan<byte> segment, long varKey, out SysvShmLayout.Chunk chunk)
    {
        try
        {
            SysvShmFormat f = FormatOf(segment);
            return Find(f, segment, SysvShmLayout.ReadHeader(f, segment), varKey, out chunk);
        }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary><c>shm_remove_var</c>: removes the variable and compacts the segment as PHP does.</summary>
    /// <returns>False when the variable does not exist (PHP warns "Variable key ... doesn't exist").</returns>
    public bool Remove(long varKey)
    {
        ThrowIfReadOnly();
        using var lease = _mapping.Acquire();
        try { return SysvShmLayout.Remove(FormatOf(lease.Span), lease.Span, varKey); }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary>Every variable key in segment order (oldest write first).</summary>
    public IReadOnlyList<long> Keys()
    {
        using var lease = _mapping.Acquire();
        try { return SysvShmLayout.Keys(FormatOf(lease.Span), lease.Span); }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary>
    /// Checks the header and every chunk against the segment size and reports every problem
    /// (never throws for a corrupt segment). With <paramref name="includeValues"/>, a valid
    /// layout's variables are also unserialized and bad ones reported as <c>chunk.data</c>.
    /// </summary>
    public PhpShmValidationReport Validate(bool includeValues = false)
    {
        using var lease = _mapping.Acquire();
        ReadOnlySpan<byte> segment = lease.Span;
        SysvShmFormat f = FormatOf(segment);
        PhpShmValidationReport report = SysvShmLayout.Validate(f, segment);
        if (!includeValues || !report.IsValid) return report;
        var problems = new List<PhpShmProblem>();
        foreach (SysvShmLayout.Chunk chunk in SysvShmLayout.Chunks(f, segment))
        {
            try { PhpSerializer.PhpSerialization.Unserialize(SysvShmLayout.Data(segment, chunk), out _); }
            catch (PhpSerializer.PhpSerializationException e) { problems.Add(DataCorrupt(chunk, e).Problem with { Expected = $"valid PHP serialize() output (variable {chunk.Key})" }); }
        }
        return problems.Count == 0 ? report : new PhpShmValidationReport(report.SegmentSize, report.Header, report.VariableCount, problems, report.Layout);
    }

    /// <summary>
    /// The layout the segment is read and written in now: <see cref="PhpShmLayout.Php64"/> or
    /// <see cref="PhpShmLayout.Php32"/> (the forced one, or the one detected from the header).
    /// </summary>
    public PhpShmLayout Layout
    {
        get
        {
            using var lease = _mapping.Acquire();
            return FormatOf(lease.Span).Layout;
        }
    }

    /// <summary>The options this instance was opened with.</summary>
    public PhpSharedMemoryOptions Options => _options;

    private SysvShmFormat FormatOf(ReadOnlySpan<byte> segment) => SysvShmFormat.For(segment, _options.Layout);

    /// <summary>A copy of the whole segment, for diagnostics (what <c>shmop_read($id, 0, 0)</c> returns).</summary>
    public byte[] ReadImage()
    {
        using var lease = _mapping.Acquire();
        return lease.Span.ToArray();
    }

    /// <summary><c>shm_detach</c>: unmaps the segment; the segment and its data stay in the kernel.</summary>
    public void Detach() => _mapping.Dispose();

    /// <summary>Same as <see cref="Detach"/>.</summary>
    public void Dispose() => _mapping.Dispose();

    /// <summary>
    /// <c>shm_remove</c>: marks the segment for removal (IPC_RMID) and detaches. The kernel frees
    /// it when the last process (PHP included) detaches; new attaches by key create a new one.
    /// </summary>
    public void Destroy()
    {
        ObjectDisposedException.ThrowIf(_mapping.IsClosed, this);
        Interop.ShmRemoveOrThrow(Id, Key);
        _mapping.Dispose();
    }
}
