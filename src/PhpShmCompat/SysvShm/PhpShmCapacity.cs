namespace PhpShmCompat;

/// <summary>
/// How full a sysvshm segment is, in PHP's own arithmetic (<c>shm_put_var</c> fails with "Not
/// enough shared memory left" when a value's chunk is larger than what is free).
/// </summary>
/// <param name="SegmentSize">The kernel's segment size (<c>shm_segsz</c>).</param>
/// <param name="Total">The header's total: the bytes PHP believes it has.</param>
/// <param name="Used">Bytes in use: <c>total - free</c> (the header and every chunk, as the hosting meter reports them).</param>
/// <param name="Free">The header's free: bytes left for new chunks.</param>
/// <param name="Variables">Number of variables.</param>
/// <param name="LargestVariableKey">Key of the variable with the most serialized bytes, or null when there is none.</param>
/// <param name="LargestVariableLength">Its serialized length (0 when there is none).</param>
/// <param name="LargestVariableRoom">The largest serialized length a <c>shm_put_var</c> of that key could still store
/// (its own chunk is freed first, as PHP does), or null when there is no variable.</param>
/// <param name="NewVariableRoom">The largest serialized length a <c>shm_put_var</c> of a new key could store; -1 when not even an empty chunk fits.</param>
public sealed record PhpShmCapacity(
    long SegmentSize,
    long Total,
    long Used,
    long Free,
    int Variables,
    long? LargestVariableKey,
    long LargestVariableLength,
    long? LargestVariableRoom,
    long NewVariableRoom)
{
    /// <summary>Used bytes as a fraction of total (0..1).</summary>
    public double FillRatio => Total <= 0 ? 0 : (double)Used / Total;

    /// <summary>Computes the capacity of a validated segment image.</summary>
    internal static PhpShmCapacity Of(in SysvShmFormat f, ReadOnlySpan<byte> segment)
    {
        PhpShmHeader h = SysvShmLayout.ReadHeader(f, segment);
        List<SysvShmLayout.Chunk> chunks = SysvShmLayout.Chunks(f, segment);
        SysvShmLayout.Chunk? largest = null;
        foreach (SysvShmLayout.Chunk c in chunks)
            if (largest is null || c.Length > largest.Value.Length) largest = c;
        long? room = largest is { } l ? MaxLength(f, h.Free + l.Next) : null;
        return new PhpShmCapacity(segment.Length, h.Total, h.Total - h.Free, h.Free, chunks.Count,
            largest?.Key, largest?.Length ?? 0, room, MaxLength(f, h.Free));
    }

    /// <summary>
    /// The largest data length whose chunk fits in <paramref name="available"/> bytes: the
    /// inverse of <c>((length + 4W - 1) / W) * W + W</c>, which is <c>(floor((available - W) / W) - 3) * W</c>;
    /// -1 when even an empty value's chunk does not fit.
    /// </summary>
    internal static long MaxLength(in SysvShmFormat f, long available)
    {
        long w = f.WordSize;
        if (available < f.ChunkSize(0)) return -1;
        return (((available - w) / w) - 3) * w;
    }
}
