namespace PhpShmCompat;

/// <summary>
/// Moves a sysvshm segment's variables into a new, larger segment under the same key, in the
/// exact layout PHP would have written had it attached with the larger size: the same chunks at
/// the same offsets, a header whose total is the new size and whose free is total - end.
/// </summary>
/// <remarks>
/// <para>A key names one segment at a time, so the old one must be marked removed (IPC_RMID)
/// before the new one can be created. Processes attached to the old one keep it, and keep
/// writing to it, until they attach again; new attaches by key get the new one.</para>
/// <para>Nothing is lost at any step: the new image is built and checked against the old
/// variables before anything changes; <see cref="PhpShmGrowOptions.KeepOldAlive"/> is called
/// with the old segment's id before it is marked removed, so another process can hold the old
/// segment and put it back (<see cref="Recover"/>) should this one die; the new segment is made
/// unreachable for others (mode 0) until it has been written and verified, and gets the old
/// segment's owner, group and mode only then. That last change is the commit point.</para>
/// </remarks>
public static class PhpShmGrow
{
    /// <summary>Grows the segment under <paramref name="key"/> to <paramref name="newSize"/> bytes.</summary>
    /// <param name="key">The segment's key.</param>
    /// <param name="newSize">The new size; larger than the old one.</param>
    /// <param name="options">Lock, layout and the keep-alive hook; null for none.</param>
    /// <exception cref="PhpIpcNotFoundException">No segment has this key.</exception>
    /// <exception cref="PhpShmCorruptException">The segment is corrupt: grow copies only a valid layout (repair it first).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The new size is not larger, or does not fit the layout.</exception>
    public static PhpShmGrowResult Grow(int key, long newSize, PhpShmGrowOptions? options = null)
    {
        options ??= new PhpShmGrowOptions();
        // Disposing the handle gives the acquisition back, as PHP's auto-release does.
        using PhpSemaphore? sem = options.LockKey is int lockKey ? PhpSemaphore.Get(lockKey) : null;
        sem?.Acquire();
        using PhpSharedMemory old = PhpSharedMemory.Open(key, readOnly: false, options.SegmentOptions);
        Interop.ShmStat stat = Interop.ShmStatOrThrow(old.Id, key);
        byte[] image = old.ReadImage();
        SysvShmFormat f = SysvShmFormat.For(image, options.SegmentOptions.Layout);
        PhpShmValidationReport report = SysvShmLayout.Validate(f, image);
        if (!report.IsValid) throw new PhpShmCorruptException(report.Problems[0], key);
        if (newSize <= image.Length)
            throw new ArgumentOutOfRangeException(nameof(newSize), newSize, $"must be larger than the segment's {image.Length} bytes");
        if (newSize > f.MaxField || newSize > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(newSize), newSize, $"a {f.Name} sysvshm segment holds at most {Math.Min(f.MaxField, int.MaxValue)} bytes here");

        byte[] grown = BuildGrownImage(f, image, (int)newSize);
        VerifySameVariables(f, image, grown, key);

        options.KeepOldAlive?.Invoke(old.Id);
        Interop.ShmRemoveOrThrow(old.Id, key);
        int newId = CreateHidden(key, newSize);
        WriteVerifyAndPublish(newId, key, grown, stat.Uid, stat.Gid, stat.Mode);
        // This process's attachment is counted in nattch.
        return new PhpShmGrowResult(key, old.Id, newId, image.Length, newSize, report.VariableCount, Math.Max(0, (long)stat.AttachCount - 1));
    }

    /// <summary>
    /// Run by the process that holds the old segment (attached by id before it was removed)
    /// when the growing process ended without saying it finished. A segment under the key that
    /// is published (mode not 0) and holds a valid PHP layout is the finished new one and is
    /// left alone; one the grower created and did not finish is removed and the old image is
    /// put back under the key with its owner, group and mode.
    /// </summary>
    /// <param name="heldOld">The old segment, attached before it was removed.</param>
    /// <param name="growerPid">The growing process: a segment it created is its unfinished new one.</param>
    /// <returns>True when the old image was put back; false when nothing had changed or a complete new segment was already in place.</returns>
    /// <exception cref="PhpIpcException">The key is taken by another process's segment (the old image cannot be put back).</exception>
    public static bool Recover(PhpSharedMemory heldOld, int growerPid)
    {
        ArgumentNullException.ThrowIfNull(heldOld);
        int key = heldOld.Key;
        Interop.ShmStat oldStat = Interop.ShmStatOrThrow(heldOld.Id, key);
        byte[] oldImage = heldOld.ReadImage();
        int current = Interop.ShmGet(key, 0, 0);
        if (current == heldOld.Id) return false; // never removed: nothing changed
        if (current >= 0)
        {
            Interop.ShmStat s = Interop.ShmStatOrThrow(current, key);
            if (s.Mode != 0 && IsCompletePhpSegment(current, key)) return false; // the grow finished
            if (s.CreatorPid != growerPid)
                throw new PhpIpcException($"segment {PhpIpcException.FormatKey(key)} was created by process {s.CreatorPid} while it was being grown; the old image was not put back");
            Interop.ShmRemoveOrThrow(current, key); // the grower's, never finished
        }
        int id = CreateHidden(key, oldImage.Length);
        WriteVerifyAndPublish(id, key, oldImage, oldStat.Uid, oldStat.Gid, oldStat.Mode);
        return true;
    }

    private static bool IsCompletePhpSegment(int id, int key)
    {
        try
        {
            using PhpSharedMemory s = PhpSharedMemory.OpenById(id, key, readOnly: true);
            return s.HasPhpMagic && s.Validate().IsValid;
        }
        catch (PhpIpcException)
        {
            return false;
        }
    }

    /// <summary>The old image's header and chunks (bytes 0..end) in a zeroed image of <paramref name="newSize"/> bytes, total and free set.</summary>
    internal static byte[] BuildGrownImage(in SysvShmFormat f, ReadOnlySpan<byte> image, int newSize)
    {
        PhpShmHeader h = SysvShmLayout.ReadHeader(f, image);
        var grown = new byte[newSize];
        image[..(int)h.End].CopyTo(grown);
        f.Write(grown, f.TotalOffset, newSize);
        f.Write(grown, f.FreeOffset, newSize - h.End);
        return grown;
    }

    private static void VerifySameVariables(in SysvShmFormat f, ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, int key)
    {
        List<SysvShmLayout.Chunk> a = SysvShmLayout.Chunks(f, before), b = SysvShmLayout.Chunks(f, after);
        bool same = a.Count == b.Count;
        for (int i = 0; same && i < a.Count; i++)
            same = a[i].Key == b[i].Key && SysvShmLayout.Data(before, a[i]).SequenceEqual(SysvShmLayout.Data(after, b[i]));
        if (!same || !SysvShmLayout.Validate(f, after).IsValid)
            throw new PhpIpcException($"grow of segment {PhpIpcException.FormatKey(key)}: the new image does not hold the same variables; nothing was changed");
    }

    /// <summary>Creates the segment under <paramref name="key"/> owner-only; it is hidden (mode 0) right after this process attaches.</summary>
    private static int CreateHidden(int key, long size)
    {
        int id = Interop.ShmGet(key, (nuint)size, 0x180 | Interop.Ipc.IPC_CREAT | Interop.Ipc.IPC_EXCL);
        if (id < 0) throw PhpIpcException.LastError("shmget", key, $"create {size} bytes for the grown segment");
        return id;
    }

    /// <summary>Attaches, hides the segment (mode 0), writes and reads back the image, then gives it its owner, group and mode.</summary>
    private static void WriteVerifyAndPublish(int id, int key, byte[] image, uint uid, uint gid, int mode)
    {
        using SharedMemoryMapping mapping = SharedMemoryMapping.Attach(id, key, readOnly: false);
        Interop.ShmStat mine = Interop.ShmStatOrThrow(id, key);
        Interop.ShmSetOwnerOrThrow(id, key, mine.Uid, mine.Gid, 0);
        using (SharedMemoryMapping.Lease lease = mapping.Acquire())
        {
            Span<byte> target = lease.Span;
            if (target.Length != image.Length)
                throw new PhpIpcException($"segment {PhpIpcException.FormatKey(key)} was created with {target.Length} bytes instead of {image.Length}");
            // The magic last: a segment is not PHP's until its header is whole.
            image.AsSpan(SysvShmLayout.Magic.Length).CopyTo(target[SysvShmLayout.Magic.Length..]);
            image.AsSpan(0, SysvShmLayout.Magic.Length).CopyTo(target);
            if (!target.SequenceEqual(image))
                throw new PhpIpcException($"segment {PhpIpcException.FormatKey(key)}: the written image does not read back the same");
        }
        Interop.ShmSetOwnerOrThrow(id, key, uid, gid, mode);
    }
}
