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
            int p = 0;
            sink += Walk(d, ref p);
        }
        Sink.Value += sink;
        return (docs.Length, _bytes);
    }

    public void Dispose()
    {
    }

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

    // One value at p; returns the tokens walked.
    private static int Walk(ReadOnlySpan<byte> d, ref int p)
    {
        switch (d[p])
        {
            case (byte)'N':
                p += 2;
                return 1;
            case (byte)'b':
                p += 4;
                return 1;
            case (byte)'i':
            case (byte)'d':
                p += 2;
                while (d[p] != (byte)';') p++;
                p++;
                return 1;
            case (byte)'s':
            {
                p += 2;
                int length = Number(d, ref p);
                p += length + 4;
                return 1;
            }
            case (byte)'a':
            {
                p += 2;
                return Elements(d, ref p);
            }
            case (byte)'O':
            {
                p += 2;
                int nameLength = Number(d, ref p);
                p += nameLength + 4;
                return Elements(d, ref p);
            }
            default:
                throw new InvalidDataException($"the token walk does not know '{(char)d[p]}' at offset {p}");
        }
    }

    // count:{key value ...} at the count.
    private static int Elements(ReadOnlySpan<byte> d, ref int p)
    {
        int count = Number(d, ref p);
        p += 2;
        int tokens = 1;
        for (int i = 0; i < count; i++) tokens += Walk(d, ref p) + Walk(d, ref p);
        p++;
        return tokens;
    }
}
