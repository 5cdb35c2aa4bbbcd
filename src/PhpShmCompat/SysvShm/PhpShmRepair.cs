namespace PhpShmCompat;

/// <summary>
/// Repairs a sysvshm segment left damaged by a writer that died in the middle of
/// <c>shm_put_var</c> or <c>shm_remove_var</c>: saves the image to a file, finds every intact
/// variable (<see cref="PhpShmSalvage"/>) and writes them back in PHP's layout, in the order
/// they were found, so PHP reads them again.
/// </summary>
/// <remarks>
/// A segment that passes validation (layout and every value) is never written: repair cannot
/// make a readable segment worse. A layout that validates but holds a value that does not
/// unserialize is rebuilt without that value (PHP cannot read it either; its bytes stay in
/// the saved image). The new image is built and checked in memory first (valid layout, every
/// kept value byte-identical) and written to the segment only then.
/// </remarks>
public static class PhpShmRepair
{
    /// <summary>Repairs the segment under <paramref name="key"/>.</summary>
    /// <exception cref="PhpIpcNotFoundException">No segment has this key.</exception>
    /// <exception cref="IOException">The image could not be saved (nothing was changed).</exception>
    /// <exception cref="PhpShmCorruptException">The segment has no <c>PHP_SM</c> magic: it is not a sysvshm segment and is left alone.</exception>
    public static PhpShmRepairReport Repair(int key, PhpShmRepairOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using PhpSemaphore? sem = options.LockKey is int lockKey ? PhpSemaphore.Get(lockKey) : null;
        sem?.Acquire();
        using PhpSharedMemory segment = PhpSharedMemory.Open(key, readOnly: false, options.SegmentOptions);
        byte[] image = segment.ReadImage();
        // A segment without the magic is not sysvshm's (shmop, another program): never written.
        if (!SysvShmLayout.HasMagic(image))
            throw new PhpShmCorruptException(new PhpShmProblem("header.magic", 0, Convert.ToHexString(image.AsSpan(0, Math.Min(7, image.Length))), "50485F534D00 (\"PHP_SM\\0\"): not a sysvshm segment, nothing to repair"), key);
        SaveImage(options.ImagePath, image);

        PhpShmValidationReport report = segment.Validate(includeValues: true);
        if (report.IsValid)
        {
            var kept = SysvShmLayout.Chunks(SysvShmFormat.For(image, options.SegmentOptions.Layout), image)
                .Select(c => new PhpShmSalvagedVariable(c.Key, c.Length, c.Offset)).ToList();
            return new PhpShmRepairReport(key, options.ImagePath, true, false, [], kept, [], []);
        }

        SysvShmFormat f = FormatFor(image, options.SegmentOptions.Layout);
        PhpShmSalvage.Result found = PhpShmSalvage.Search(f, image);
        var keep = new List<PhpShmSalvage.Found>();
        var duplicates = new List<PhpShmSalvagedVariable>();
        var seen = new HashSet<long>();
        foreach (PhpShmSalvage.Found c in found.Chunks)
        {
            if (seen.Add(c.Key)) keep.Add(c);
            else duplicates.Add(new PhpShmSalvagedVariable(c.Key, c.Data.Length, c.Offset));
        }

        byte[] rebuilt = Rebuild(f, image.Length, keep, key);
        segment.OverwriteImage(rebuilt);
        return new PhpShmRepairReport(key, options.ImagePath, false, true, report.Problems,
            keep.Select(c => new PhpShmSalvagedVariable(c.Key, c.Data.Length, c.Offset, c.EndsAtDamage)).ToList(), duplicates, found.Unreadable);
    }

    /// <summary>
    /// The layout to salvage in: the requested one, else the one the header says (a 32-bit
    /// start of 24), else 64-bit. A damaged header may hide the magic; the word size is then
    /// taken from the start field alone.
    /// </summary>
    private static SysvShmFormat FormatFor(byte[] image, PhpShmLayout requested)
    {
        if (requested != PhpShmLayout.Detect || image.Length < 24) return SysvShmFormat.For(image, requested);
        return BitConverter.ToInt32(image, 8) == 24 ? SysvShmFormat.Php32 : SysvShmFormat.Php64;
    }

    /// <summary>A fresh header over the whole segment, then every kept variable put in order as PHP would; checked before it is returned.</summary>
    internal static byte[] Rebuild(in SysvShmFormat f, int size, List<PhpShmSalvage.Found> keep, int key)
    {
        var image = new byte[size];
        SysvShmLayout.Initialize(f, image);
        foreach (PhpShmSalvage.Found c in keep) SysvShmLayout.Put(f, image, c.Key, c.Data);
        List<SysvShmLayout.Chunk> chunks = SysvShmLayout.Chunks(f, image);
        bool same = chunks.Count == keep.Count && SysvShmLayout.Validate(f, image).IsValid;
        for (int i = 0; same && i < keep.Count; i++)
            same = chunks[i].Key == keep[i].Key && SysvShmLayout.Data(image, chunks[i]).SequenceEqual(keep[i].Data);
        if (!same) throw new PhpIpcException($"repair of segment {PhpIpcException.FormatKey(key)}: the rebuilt image does not hold the kept variables; nothing was changed");
        return image;
    }

    private static void SaveImage(string path, byte[] image)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        file.Write(image);
        file.Flush(flushToDisk: true);
    }
}
