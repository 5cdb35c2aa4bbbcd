namespace PhpShmCompat.Benchmarks.Corpus;

/// <summary>
/// Reads a corpus written by <c>bench/php/gen-corpus.php</c>: repeated
/// <c>[uint32 little-endian length][that many bytes of PHP serialize() output]</c>.
/// The PHP and the C# side read the same files, so both time the very same bytes.
/// </summary>
internal static class CorpusFile
{
    /// <summary>The documents of <paramref name="path"/>, one array each (as PHP holds one string each).</summary>
    /// <exception cref="InvalidDataException">The file is truncated or a length is out of range.</exception>
    public static byte[][] Read(string path)
    {
        byte[] raw = File.ReadAllBytes(path);
        var docs = new List<byte[]>();
        int pos = 0;
        while (pos < raw.Length)
        {
            if (raw.Length - pos < 4)
                throw new InvalidDataException($"{path}: truncated length prefix at offset {pos}");
            uint length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(pos, 4));
            pos += 4;
            if (length > (uint)(raw.Length - pos))
                throw new InvalidDataException($"{path}: document at offset {pos - 4} claims {length} bytes, only {raw.Length - pos} remain");
            docs.Add(raw.AsSpan(pos, (int)length).ToArray());
            pos += (int)length;
        }
        if (docs.Count == 0) throw new InvalidDataException($"{path}: no documents");
        return docs.ToArray();
    }

    /// <summary>Sum of the document lengths.</summary>
    public static long TotalBytes(byte[][] docs)
    {
        long total = 0;
        foreach (byte[] d in docs) total += d.Length;
        return total;
    }
}
