namespace PhpShmCompat;

public sealed partial class PhpSharedMemory
{
    /// <summary>
    /// Used and free bytes, the largest variable and how large a value a put could still store
    /// (for that variable and for a new one), from one validated pass over the segment.
    /// </summary>
    /// <exception cref="PhpShmCorruptException">The header or a chunk is out of bounds.</exception>
    public PhpShmCapacity Capacity
    {
        get
        {
            using var lease = _mapping.Acquire();
            try { return PhpShmCapacity.Of(FormatOf(lease.Span), lease.Span); }
            catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
        }
    }
}
