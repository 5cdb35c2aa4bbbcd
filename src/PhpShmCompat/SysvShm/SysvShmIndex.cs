namespace PhpShmCompat;

/// <summary>
/// Remembered chunk positions of one sysvshm segment, so that a keyed read does not walk the
/// chunk list from the start as <c>shm_get_var</c> does. The layout has no version counter, so a
/// remembered position is used only when it is proven still right (see <see cref="TryLocate"/>
/// and <c>docs/sysvshm.md</c>); anything else falls back to PHP's walk, whose answer is exact.
/// </summary>
/// <remarks>An index is never changed once built: a reader builds a new one and publishes it, so
/// threads that read at the same time never see a half-built index.</remarks>
internal sealed class SysvShmIndex
{
    /// <summary>A walk that passes at least this many chunks builds an index; shorter walks are cheaper than one.</summary>
    public const int WalkThreshold = 16;

    /// <summary>
    /// Keys from 0 to below this many times the chunk count (plus <see cref="DenseSlack"/>) are
    /// looked up in an array indexed by key instead of a dictionary: PHP scripts mostly number
    /// their variables from 0.
    /// </summary>
    private const int DenseFactor = 4;

    private const int DenseSlack = 64;

    // Exactly one of the two holds the entries.
    private readonly Entry[]? _dense;
    private readonly Dictionary<long, Entry>? _sparse;
    private readonly PhpShmHeader _header;
    private readonly int _wordSize;

    private SysvShmIndex(Entry[]? dense, Dictionary<long, Entry>? sparse, PhpShmHeader header, int wordSize)
    {
        _dense = dense;
        _sparse = sparse;
        _header = header;
        _wordSize = wordSize;
    }

    /// <summary>The header fields the positions were read under.</summary>
    public PhpShmHeader Header => _header;

    /// <summary>True when the positions are kept in an array indexed by key (keys from 0, few gaps).</summary>
    internal bool IsDense => _dense is not null;

    /// <summary>
    /// The first chunk of <paramref name="key"/>, as PHP's walk finds it, through
    /// <paramref name="index"/> when that proves right, otherwise by a walk (which then builds a
    /// new index when it was long, or when it showed the remembered position to be stale).
    /// </summary>
    public static bool Locate(ref SysvShmIndex? index, in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out SysvShmLayout.Chunk chunk)
    {
        SysvShmIndex? current = Volatile.Read(ref index);
        bool remembered = false;
        if (current is not null && current.Matches(f, header))
        {
            if (current.TryLocate(f, segment, header, key, out chunk, out remembered)) return true;
        }
        bool found = SysvShmLayout.TryFind(f, segment, header, key, out chunk, out int walked);
        // Same header and no entry: nothing is stale (the key was absent, or put after a remove
        // of the same size); a new index would not answer better.
        bool stale = current is null || !current.Matches(f, header) || remembered;
        if (stale && walked >= WalkThreshold)
        {
            SysvShmIndex? built = TryBuild(f, segment, header);
            if (built is not null) Volatile.Write(ref index, built);
        }
        return found;
    }

    /// <summary>Walks the whole chain once and remembers the first chunk of every key; null when the chain does not walk.</summary>
    public static SysvShmIndex? TryBuild(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header)
    {
        List<SysvShmLayout.Chunk> chunks;
        try { chunks = SysvShmLayout.Chunks(f, segment, header); }
        catch (PhpShmCorruptException) { return null; } // the caller's walk reports it, or a writer is busy
        long maxKey = -1;
        bool dense = true;
        foreach (SysvShmLayout.Chunk c in chunks)
        {
            if (c.Key < 0) dense = false;
            else maxKey = Math.Max(maxKey, c.Key);
        }
        if (dense && maxKey < ((long)DenseFactor * chunks.Count) + DenseSlack)
        {
            // The first chunk of a key wins, as in PHP's walk; offset 0 marks a key with none
            // (no chunk starts inside the header).
            var entries = new Entry[maxKey + 1];
            foreach (SysvShmLayout.Chunk c in chunks)
            {
                ref Entry slot = ref entries[c.Key];
                if (slot.Offset == 0) slot = new Entry(c.Offset, c.Length, c.Next);
            }
            return new SysvShmIndex(entries, null, header, f.WordSize);
        }
        var byKey = new Dictionary<long, Entry>(chunks.Count);
        foreach (SysvShmLayout.Chunk c in chunks) byKey.TryAdd(c.Key, new Entry(c.Offset, c.Length, c.Next));
        return new SysvShmIndex(null, byKey, header, f.WordSize);
    }

    /// <summary>
    /// The remembered offset, <c>length</c> and <c>next</c> of <paramref name="key"/>'s first chunk
    /// when this index was built from a 64-bit segment under exactly these header fields (the
    /// first condition of <see cref="TryLocate"/>; the caller checks the chunk header itself).
    /// </summary>
    public bool TryRemembered64(long key, long start, long end, long free, long total, out int offset, out int length, out int next)
    {
        Entry e = default;
        bool found = _wordSize == 8 && start == _header.Start && end == _header.End && free == _header.Free && total == _header.Total
            && TryGetEntry(key, out e);
        (offset, length, next) = (e.Offset, e.Length, e.Next);
        return found;
    }

    private bool TryGetEntry(long key, out Entry e)
    {
        e = default;
        return _dense is { } dense ? (ulong)key < (ulong)dense.Length && (e = dense[key]).Offset != 0 : _sparse!.TryGetValue(key, out e);
    }

    private bool Matches(in SysvShmFormat f, in PhpShmHeader header) => f.WordSize == _wordSize && header == _header;

    /// <summary>
    /// A remembered chunk is used only when the header's four fields equal the ones it was read
    /// under and the chunk header at its position still holds the key, length and next field
    /// that were read there, within the same bounds a walk checks.
    /// </summary>
    private bool TryLocate(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out SysvShmLayout.Chunk chunk, out bool remembered)
    {
        if (!TryGetEntry(key, out Entry e))
        {
            chunk = default;
            remembered = false;
            return false;
        }
        remembered = true;
        return SysvShmLayout.TryChunkAt(f, segment, header, e.Offset, key, e.Length, e.Next, out chunk);
    }

    private readonly record struct Entry(int Offset, int Length, int Next);
}
