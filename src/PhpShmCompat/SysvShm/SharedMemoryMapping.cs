using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// One <c>shmat</c> attachment of a System V segment, detached (<c>shmdt</c>) when released.
/// Being a <see cref="SafeHandle"/>, it is reference counted: an operation holds a
/// <see cref="Lease"/> while it touches the memory, so a concurrent Dispose can never unmap
/// the segment under it. Shared by sysvshm and shmop.
/// </summary>
internal sealed class SharedMemoryMapping : SafeHandle
{
    private SharedMemoryMapping(nint address, int length, bool readOnly)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
        IsReadOnly = readOnly;
    }

    /// <summary>Mapped bytes: the kernel's <c>shm_segsz</c>.</summary>
    public int Length { get; }

    /// <summary>True when attached with <c>SHM_RDONLY</c>.</summary>
    public bool IsReadOnly { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == -1 || handle == 0;

    /// <summary>Reads the segment size with IPC_STAT, then attaches; throws the PhpIpcException family.</summary>
    public static SharedMemoryMapping Attach(int shmid, int key, bool readOnly)
    {
        Interop.ShmStat stat = Interop.ShmStatOrThrow(shmid, key);
        if (stat.SegmentSize > int.MaxValue)
            throw new PhpIpcException($"segment {PhpIpcException.FormatKey(key)} has {stat.SegmentSize} bytes; segments over 2 GiB are not supported.");
        nint address = Interop.ShmAt(shmid, 0, readOnly ? Interop.Shm.SHM_RDONLY : 0);
        if (address == -1) throw PhpIpcException.LastError("shmat", key);
        return new SharedMemoryMapping(address, (int)stat.SegmentSize, readOnly);
    }

    /// <summary>Pins the attachment and exposes its bytes until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The segment was detached.</exception>
    public Lease Acquire()
    {
        bool added = false;
        DangerousAddRef(ref added);
        return new Lease(this);
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.ShmDt(handle) == 0;

    /// <summary>A pinned view of the mapped memory; dispose it to unpin.</summary>
    public readonly ref struct Lease
    {
        private readonly SharedMemoryMapping _owner;

        internal Lease(SharedMemoryMapping owner) => _owner = owner;

        /// <summary>The whole segment. Writing through it on a read-only mapping faults: callers check first.</summary>
        public unsafe Span<byte> Span => new((void*)_owner.handle, _owner.Length);

        /// <summary>Unpins the attachment.</summary>
        public void Dispose() => _owner.DangerousRelease();
    }
}
