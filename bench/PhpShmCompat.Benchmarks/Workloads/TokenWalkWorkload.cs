namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// The least any reader of <c>serialize()</c> text has to do: step from token to token (read
/// each length and count, skip string bodies, step over number text byte by byte), with no
/// checks, no values and no index. Not a parser (it trusts its input, which is the corpus PHP
/// wrote); it is timed beside the document rows to show how much of their time the bare walk
/// over the tokens already takes.
/// </summary>
internal sealed class TokenWalkWorkload(byte[][] docs) : IWorkload
{
    private readonly long _bytes = Corpus.CorpusFile.TotalBytes(docs);

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        foreach (byte[] d in docs)
        {
            int tokens = 0;
            Walk(d, 0, ref tokens);
            sink += tokens;
        }
        Sink.Value += sink;
        return (docs.Length, _bytes);
    }

    public void Dispose()
    {
    }

    // The digits at p (a length or count): the value; p ends at the first other byte.
    private static int Number(ReadOnlySpan<byte> d, ref int p)
    {
        int value = 0;
        while (true)
        {
            uint digit = (uint)(d[p] - '0');
            if (digit > 9) return value;
            value = (value * 10) + (int)digit;
            p++;
        }
    }

    // One value at p: the offset after it. Positions go in and out by value, so they stay in
    // registers (a position passed by reference lives in memory: a load and a store per byte).
    private static int Walk(ReadOnlySpan<byte> d, int p, ref int tokens)
    {
        tokens++;
        switch (d[p])
        {
            case (byte)'N':
                return p + 2;
            case (byte)'b':
                return p + 4;
            case (byte)'i':
            case (byte)'d':
                return Scalar(d, p);
            case (byte)'s':
                return String(d, p);
            case (byte)'a':
                p += 2;
                return Elements(d, p, ref tokens);
            case (byte)'O':
            {
                p += 2;
                int nameLength = Number(d, ref p);
                p += nameLength + 4;
                return Elements(d, p, ref tokens);
            }
            default:
                throw new InvalidDataException($"the token walk does not know '{(char)d[p]}' at offset {p}");
        }
    }

    // i:...; or d:...; at the type byte.
    private static int Scalar(ReadOnlySpan<byte> d, int p)
    {
        p += 2;
        while (d[p] != (byte)';') p++;
        return p + 1;
    }

    // s:len:"..."; at the type byte.
    private static int String(ReadOnlySpan<byte> d, int p)
    {
        p += 2;
        int length = Number(d, ref p);
        return p + length + 4;
    }

    // count:{key value ...} at the count. Keys are i: or s: tokens.
    private static int Elements(ReadOnlySpan<byte> d, int p, ref int tokens)
    {
        int count = Number(d, ref p);
        p += 2;
        for (int i = 0; i < count; i++)
        {
            tokens++;
            p = d[p] == (byte)'s' ? String(d, p) : Scalar(d, p);
            p = Walk(d, p, ref tokens);
        }
        return p + 1;
    }
}
