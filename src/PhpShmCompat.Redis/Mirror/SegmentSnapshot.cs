namespace PhpShmCompat.Redis;

/// <summary>
/// One consistent view of a segment's variables, taken from a private copy of the segment (so
/// the walk never reads memory another process is changing).
/// </summary>
internal sealed class SegmentSnapshot
{
    private SegmentSnapshot(byte[] image, List<(long Key, byte[] Value)> variables, PhpShmHeader header)
    {
        Image = image;
        Variables = variables;
        Header = header;
    }

    /// <summary>The copied segment.</summary>
    public byte[] Image { get; }

    /// <summary>Variables in segment order; a key stored twice keeps its first chunk (what PHP reads).</summary>
    public List<(long Key, byte[] Value)> Variables { get; }

    /// <summary>The segment header.</summary>
    public PhpShmHeader Header { get; }

    /// <summary>Parses a copied segment; <see cref="PhpShmCorruptException"/> when its layout is broken.</summary>
    public static SegmentSnapshot Parse(byte[] image, PhpShmLayout layout, int segmentKey)
    {
        SysvShmFormat format = SysvShmFormat.For(image, layout);
        try
        {
            PhpShmHeader header = SysvShmLayout.ReadHeader(format, image);
            List<SysvShmLayout.Chunk> chunks = SysvShmLayout.Chunks(format, image);
            var seen = new HashSet<long>();
            var variables = new List<(long, byte[])>(chunks.Count);
            foreach (SysvShmLayout.Chunk chunk in chunks)
            {
                if (!seen.Add(chunk.Key)) continue;
                variables.Add((chunk.Key, SysvShmLayout.Data(image, chunk).ToArray()));
            }
            return new SegmentSnapshot(image, variables, header);
        }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null)
        {
            throw e.WithSegmentKey(segmentKey);
        }
    }
}
