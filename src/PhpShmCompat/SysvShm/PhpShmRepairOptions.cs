namespace PhpShmCompat;

/// <summary>Options of <see cref="PhpShmRepair.Repair"/>.</summary>
public sealed class PhpShmRepairOptions
{
    /// <summary>Where the segment's image is saved before anything is changed (required; an existing file is not overwritten).</summary>
    public required string ImagePath { get; init; }

    /// <summary>The key of PHP's <c>sem_get</c> lock the writers hold; held for the whole repair. Null: no lock.</summary>
    public int? LockKey { get; init; }

    /// <summary>How the segment is read (layout detected or forced).</summary>
    public PhpSharedMemoryOptions SegmentOptions { get; init; } = PhpSharedMemoryOptions.Default;
}
