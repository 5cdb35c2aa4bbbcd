namespace PhpShmCompat;

/// <summary>The kernel's record of a segment (<c>shmctl(IPC_STAT)</c>): who owns it and who is attached.</summary>
/// <param name="Key">The key it was looked up by.</param>
/// <param name="Id">The segment id.</param>
/// <param name="Size">The kernel's size (<c>shm_segsz</c>).</param>
/// <param name="Mode">Permission bits.</param>
/// <param name="Uid">Owner user id.</param>
/// <param name="Gid">Owner group id.</param>
/// <param name="CreatorPid">The process that created it (<c>shm_cpid</c>).</param>
/// <param name="LastPid">The process of the last <c>shmat</c>/<c>shmdt</c> (<c>shm_lpid</c>).</param>
/// <param name="Attachments">Current attachments (<c>shm_nattch</c>).</param>
public sealed record PhpShmSegmentInfo(int Key, int Id, long Size, int Mode, uint Uid, uint Gid, int CreatorPid, int LastPid, long Attachments)
{
    /// <summary>Reads the kernel's record of the segment under <paramref name="key"/>.</summary>
    /// <exception cref="PhpIpcNotFoundException">No segment has this key.</exception>
    /// <exception cref="PhpIpcException">Another system call failure.</exception>
    public static PhpShmSegmentInfo Read(int key)
    {
        if (key == Interop.Ipc.IPC_PRIVATE)
            throw new ArgumentOutOfRangeException(nameof(key), key, "key 0 is IPC_PRIVATE and names no existing segment");
        int id = Interop.ShmGet(key, 0, 0);
        if (id < 0) throw PhpIpcException.LastError("shmget", key);
        return ReadById(id, key);
    }

    internal static PhpShmSegmentInfo ReadById(int id, int key)
    {
        Interop.ShmStat s = Interop.ShmStatOrThrow(id, key);
        return new PhpShmSegmentInfo(key, id, (long)s.SegmentSize, s.Mode, s.Uid, s.Gid, s.CreatorPid, s.LastPid, (long)s.AttachCount);
    }
}
