namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// The token walk of <see cref="TokenWalkWorkload"/> plus the one thing any index of the values
/// must add: a row per key and value, of the document's row size (32 bytes: kind, offset, length,
/// count, descendants and the int value), written into one reused array, with each container's
/// row completed when it closes. Still no checks of any kind (digits, terminators, quotes, limits,
/// repeated keys, class names, float text). Timed beside the document rows: what is left between
/// this and a document parse is what checking the input costs.
/// </summary>
internal sealed class IndexRowsWalkWorkload(byte[][] docs) : IWorkload
{
    private readonly long _bytes = Corpus.CorpusFile.TotalBytes(docs);
    private Row[] _rows = new Row[1024];

    private struct Row
    {
        public byte Kind;
        public int Start;
        public int Length;
        public int Count;
        public int Descendants;
        public long Bits;
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        foreach (byte[] d in docs)
        {
            if (_rows.Length < d.Length) _rows = new Row[d.Length]; // a token takes at least 2 bytes
            int rows = 0;
            Walk(d, 0, _rows, ref rows);
            sink += rows;
        }
        Sink.Value += sink;
        return (docs.Length, _bytes);
    }

    public void Dispose()
    {
    }

    // [-]digits at p; p ends at the first other byte.
    private static long Number(ReadOnlySpan<byte> d, ref int p)
    {
        bool negative = d[p] == (byte)'-';
        if (negative) p++;
        long value = 0;
        while (true)
        {
            uint digit = (uint)(d[p] - '0');
            if (digit > 9) return negative ? -value : value;
            value = (value * 10) + digit;
            p++;
        }
    }

    // One value at p: the offset after it (positions by value, as in the token walk).
    private static int Walk(ReadOnlySpan<byte> d, int p, Row[] rows, ref int next)
    {
        ref Row row = ref rows[next++];
        switch (d[p])
        {
            case (byte)'N':
                row.Kind = 0;
                return p + 2;
            case (byte)'b':
                row.Kind = 1;
                row.Bits = d[p + 2] - '0';
                return p + 4;
            case (byte)'i':
                row.Kind = 2;
                p += 2;
                row.Bits = Number(d, ref p);
                return p + 1;
            case (byte)'d':
                row.Kind = 3;
                p += 2;
                row.Start = p;
                while (d[p] != (byte)';') p++;
                return p + 1;
            case (byte)'s':
                row.Kind = 4;
                return String(d, p, ref row);
            case (byte)'a':
            case (byte)'O':
            {
                // a:count:{...} or O:len:"Class":count:{...}; the row is completed at the '}'.
                int start = p, first = next;
                bool isObject = d[p] == (byte)'O';
                row.Kind = isObject ? (byte)6 : (byte)5;
                p += 2;
                if (isObject)
                {
                    int nameLength = (int)Number(d, ref p);
                    row.Bits = ((long)(p + 2) << 32) | (uint)nameLength;
                    p += nameLength + 4;
                }
                int count = (int)Number(d, ref p);
                p += 2;
                for (int i = 0; i < count; i++)
                {
                    p = Key(d, p, rows, ref next);
                    p = Walk(d, p, rows, ref next);
                }
                ref Row container = ref rows[first - 1];
                container.Start = start;
                container.Count = count;
                container.Length = p + 1 - start;
                container.Descendants = next - first;
                return p + 1;
            }
            default:
                throw new InvalidDataException($"the walk does not know '{(char)d[p]}' at offset {p}");
        }
    }

    // i:n; or s:len:"..."; at the type byte.
    private static int Key(ReadOnlySpan<byte> d, int p, Row[] rows, ref int next)
    {
        ref Row row = ref rows[next++];
        if (d[p] == (byte)'s')
        {
            row.Kind = 8;
            return String(d, p, ref row);
        }
        row.Kind = 7;
        p += 2;
        row.Bits = Number(d, ref p);
        return p + 1;
    }

    // s:len:"..."; at the type byte: the body's offset and length.
    private static int String(ReadOnlySpan<byte> d, int p, ref Row row)
    {
        p += 2;
        int length = (int)Number(d, ref p);
        row.Start = p + 2;
        row.Length = length;
        return p + length + 4;
    }
}
