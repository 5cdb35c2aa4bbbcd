namespace PhpShmCompat;

/// <summary>How a <see cref="PhpSharedMemory"/> treats the segment's layout.</summary>
public sealed class PhpSharedMemoryOptions
{
    /// <summary>The defaults: the layout detected from the header, large ints written as 32-bit PHP writes them.</summary>
    public static PhpSharedMemoryOptions Default { get; } = new();

    /// <summary>64-bit or 32-bit PHP's layout, or detected from the header (the default). Forcing one
    /// makes a segment of the other layout read as corrupt; <see cref="PhpShmLayout.Php32"/> also
    /// makes a new segment 32-bit.</summary>
    public PhpShmLayout Layout { get; init; } = PhpShmLayout.Detect;

    /// <summary>What a put of a value writes into a 32-bit segment for ints beyond 32-bit PHP's
    /// range (default <see cref="PhpShmLargeIntegers.AsFloat"/>, as 32-bit PHP). Raw puts are never changed.</summary>
    public PhpShmLargeIntegers LargeIntegers { get; init; } = PhpShmLargeIntegers.AsFloat;

    /// <summary>
    /// Whether keyed reads remember where each variable lies (default true), so that their cost
    /// does not grow with the variable's position. A remembered position is used only when the
    /// header and the chunk header there are unchanged, otherwise the read walks as PHP does
    /// (<c>docs/sysvshm.md</c> gives the argument and the one case it cannot rule out: a stored
    /// string holding a byte-for-byte copy of a chunk header). False: every read walks.
    /// </summary>
    public bool CachePositions { get; init; } = true;

    /// <summary>
    /// Set when writers may change the segment without holding the semaphore readers hold
    /// (default false). A read then also proves, after its copy, that the whole chunk list is
    /// one PHP could have left: every chunk valid, the list ending exactly at <c>end</c>, no key
    /// twice, <c>end + free = total</c>. A writer stopped in the middle of its <c>memmove</c>
    /// leaves bytes that do not change during a copy yet mix two layouts; only this proof
    /// notices them. It costs one walk of the list per read (as PHP's own read).
    /// </summary>
    public bool UnlockedWriters { get; init; }
}
