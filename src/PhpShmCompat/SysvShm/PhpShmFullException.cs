namespace PhpShmCompat;

/// <summary>
/// A Put did not fit in the segment (PHP's "Not enough shared memory left"). Unlike PHP, the
/// variable's previous value, if any, is still in place: nothing was changed.
/// </summary>
public sealed class PhpShmFullException : PhpIpcException
{
    /// <summary>Creates the exception.</summary>
    public PhpShmFullException(int? segmentKey, long variableKey, long needed, long available)
        : base($"not enough shared memory left in sysvshm segment {(segmentKey is int k ? FormatKey(k) : "(image)")} for variable {variableKey}: " +
               $"needs {needed} bytes, {available} available; the old value was kept")
    {
        SegmentKey = segmentKey;
        VariableKey = variableKey;
        Needed = needed;
        Available = available;
    }

    /// <summary>The IPC key of the segment, when known.</summary>
    public int? SegmentKey { get; }

    /// <summary>The variable that was being written.</summary>
    public long VariableKey { get; }

    /// <summary>Chunk bytes the new value needs.</summary>
    public long Needed { get; }

    /// <summary>Bytes that would have been free after replacing the old value.</summary>
    public long Available { get; }

    internal PhpShmFullException WithSegmentKey(int key) => new(key, VariableKey, Needed, Available);
}
