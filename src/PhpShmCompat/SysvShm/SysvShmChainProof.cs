using System.Buffers;

namespace PhpShmCompat;

/// <summary>
/// Whether a chunk list is one that PHP's own puts and removes could have left, for reads that
/// share a segment with writers who hold no lock. PHP moves bytes only in a remove's
/// <c>memmove</c>, after it has changed the header; a writer stopped inside it leaves the part
/// already moved in the new layout and the rest in the old one. Walking such a mixture either
/// meets a chunk that does not fit, or meets a key twice (the chunks just past the moved part
/// are still there in their old place), or does not end exactly at <c>end</c>.
/// </summary>
internal static class SysvShmChainProof
{
    /// <summary>
    /// True when the walk from start meets only valid chunks, ends exactly at <c>end</c>, meets
    /// no key twice, passes <paramref name="chunkOffset"/> (unless it is -1) and
    /// <c>end + free = total</c> (what every PHP put and remove keeps, and what a writer between
    /// its two header writes breaks).
    /// </summary>
    public static bool IsWhole(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, int chunkOffset)
    {
        if (header.End + header.Free != header.Total || header.End > segment.Length) return false;
        int head = f.ChunkHeaderSize, w = f.WordSize;
        long[] keys = ArrayPool<long>.Shared.Rent(64);
        int count = 0;
        bool passed = chunkOffset < 0;
        try
        {
            long pos = header.Start;
            while (pos < header.End)
            {
                long room = header.End - pos;
                if (room < head) return false;
                long length = f.Read(segment, (int)pos + w);
                long next = f.Read(segment, (int)pos + (2 * w));
                if (length < 0 || length > room - head || next < head + length || next > room) return false;
                if (pos == chunkOffset) passed = true;
                if (count == keys.Length)
                {
                    long[] bigger = ArrayPool<long>.Shared.Rent(keys.Length * 2);
                    keys.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<long>.Shared.Return(keys);
                    keys = bigger;
                }
                keys[count++] = f.Read(segment, (int)pos);
                pos += next;
            }
            if (pos != header.End || !passed) return false;
            Span<long> seen = keys.AsSpan(0, count);
            seen.Sort();
            for (int i = 1; i < seen.Length; i++)
                if (seen[i] == seen[i - 1]) return false;
            return true;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(keys);
        }
    }
}
