using PhpSerializer;

namespace PhpShmCompat;

/// <summary>
/// Finds every intact variable in a damaged sysvshm image. A chunk is intact when its header
/// is what PHP writes (<c>next</c> is exactly PHP's chunk size for <c>length</c>, the data inside
/// the segment) and its data is exactly one <c>serialize()</c> value of <c>length</c> bytes.
/// The chain is followed from the header's start while it holds; where it breaks, every word
/// boundary after it is tried (chunks always start on one: the header size and every chunk
/// size are multiples of the word). Only bytes below the header's end are searched when that
/// field is in bounds: what lies past it is free space, with stale copies of removed variables.
/// </summary>
internal static class PhpShmSalvage
{
    /// <summary>An intact chunk found in the image.</summary>
    internal readonly record struct Found(int Offset, long Key, byte[] Data, int Next, bool EndsAtDamage = false);

    /// <summary>What the search found: intact chunks in segment order, and the byte ranges it could not read as chunks.</summary>
    internal sealed record Result(List<Found> Chunks, List<(int From, int To)> Unreadable, int SearchEnd);

    public static Result Search(in SysvShmFormat f, ReadOnlySpan<byte> image)
    {
        int h = f.HeaderSize, w = f.WordSize;
        var chunks = new List<Found>();
        var unreadable = new List<(int, int)>();
        if (image.Length < h) return new Result(chunks, unreadable, image.Length);
        long total = f.Read(image, f.TotalOffset), end = f.Read(image, f.EndOffset);
        int limit = total >= h && total <= image.Length ? (int)total : image.Length;
        int searchEnd = end >= h && end <= limit ? (int)end : limit;

        int pos = h, gapStart = -1;
        while (pos + f.ChunkHeaderSize <= searchEnd)
        {
            if (TryIntact(f, image, pos, limit, out Found found, out int next))
            {
                if (gapStart >= 0) { unreadable.Add((gapStart, pos)); gapStart = -1; }
                chunks.Add(found);
                pos += next;
                continue;
            }
            if (gapStart < 0) gapStart = pos;
            pos += w;
        }
        if (gapStart >= 0) unreadable.Add((gapStart, Math.Max(gapStart, searchEnd)));
        else if (pos < searchEnd) unreadable.Add((pos, searchEnd));
        var damageStarts = unreadable.Select(r => r.Item1).ToHashSet();
        for (int i = 0; i < chunks.Count; i++)
            if (damageStarts.Contains(chunks[i].Offset + chunks[i].Next)) chunks[i] = chunks[i] with { EndsAtDamage = true };
        return new Result(chunks, unreadable, searchEnd);
    }

    private static bool TryIntact(in SysvShmFormat f, ReadOnlySpan<byte> image, int pos, int limit, out Found found, out int next)
    {
        found = default;
        next = 0;
        long key = f.Read(image, pos);
        long length = f.Read(image, pos + f.WordSize);
        long chunkNext = f.Read(image, pos + (2 * f.WordSize));
        // Serialized data is never empty ("N;" is the shortest), and PHP's next is exactly its chunk size.
        if (length < 2 || length > limit - pos - f.ChunkHeaderSize) return false;
        if (chunkNext != f.ChunkSize(length) || chunkNext > limit - pos) return false;
        ReadOnlySpan<byte> data = image.Slice(pos + f.ChunkHeaderSize, (int)length);
        try
        {
            PhpSerialization.Unserialize(data, out int consumed);
            if (consumed != length) return false;
        }
        catch (PhpSerializationException)
        {
            return false;
        }
        found = new Found(pos, key, data.ToArray(), (int)chunkNext);
        next = (int)chunkNext;
        return true;
    }
}
