using System.Buffers;

namespace PhpSerializer;

/// <summary>What a <see cref="DocumentRow"/> holds.</summary>
internal enum DocumentRowKind : byte
{
    Null,
    Bool,
    Int,
    Float,
    String,
    Array,
    Object,
    IntKey,
    StringKey,
}

/// <summary>
/// One value or key of an indexed <see cref="PhpDocument"/>, in document order: a container's
/// row is followed by its elements, each a key row and a value row (with the value's own rows).
/// </summary>
internal struct DocumentRow
{
    public DocumentRowKind Kind;
    /// <summary>Strings and string keys: the body's offset; containers: the token's offset.</summary>
    public int Start;
    /// <summary>Strings and string keys: the body's length; containers: the whole value's length.</summary>
    public int Length;
    /// <summary>Containers: the element count.</summary>
    public int Count;
    /// <summary>Containers: how many rows follow that belong to it.</summary>
    public int Descendants;
    /// <summary>Ints and int keys: the value; floats: the bits; bools: 0 or 1; objects: class name offset (high) and length (low).</summary>
    public long Bits;

    /// <summary>How many rows this value takes: itself and, for a container, all its descendants.</summary>
    public readonly int Rows => Kind is DocumentRowKind.Array or DocumentRowKind.Object ? 1 + Descendants : 1;
}

/// <summary>
/// Indexes what PHP's <c>serialize()</c> writes into <see cref="DocumentRow"/>s, on the fast
/// parser's token reads (the same forms and checks), or gives up (null) on anything else --
/// including duplicate keys and names that PHP would change -- so the general path decides.
/// </summary>
internal ref struct DocumentBuilder
{
    private const int InitialRows = 64;
    private const int SmallContainer = 8;

    private FastTreeParser _parser;
    private readonly ReadOnlySpan<byte> _data;
    private DocumentRow[] _rows;
    private int _count;
    private ulong[]? _hashes;

    private DocumentBuilder(ReadOnlySpan<byte> data, PhpSerializerOptions options, DocumentRow[]? rows)
    {
        _parser = new FastTreeParser(data, options, null, 0);
        _data = data;
        _rows = rows ?? ArrayPool<DocumentRow>.Shared.Rent(InitialRows);
        _count = 0;
        _hashes = null;
    }

    /// <summary>
    /// Indexes <paramref name="data"/> into <paramref name="rows"/> (pooled and owned by the
    /// caller: an array it already has is reused, a bigger one replaces it when needed). False when
    /// the general path has to decide; the rows then hold nothing of use, but stay the caller's.
    /// </summary>
    public static bool TryBuild(ReadOnlySpan<byte> data, PhpSerializerOptions options, ref DocumentRow[]? rows)
    {
        var builder = new DocumentBuilder(data, options, rows);
        try
        {
            return builder.TryValue() && (builder._parser.Position == data.Length || options.AllowTrailingBytes);
        }
        finally
        {
            // Even when a limit throws: the array may have grown, and the caller owns the new one.
            if (builder._hashes is not null) ArrayPool<ulong>.Shared.Return(builder._hashes);
            rows = builder._rows;
        }
    }

    private int Add(DocumentRowKind kind, int start, int length, long bits)
    {
        if (_count == _rows.Length)
        {
            DocumentRow[] bigger = ArrayPool<DocumentRow>.Shared.Rent(_rows.Length * 2);
            _rows.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<DocumentRow>.Shared.Return(_rows);
            _rows = bigger;
        }
        _rows[_count] = new DocumentRow { Kind = kind, Start = start, Length = length, Bits = bits };
        return _count++;
    }

    private bool TryValue()
    {
        int start = _parser.Position;
        switch (_parser.PeekType())
        {
            case (byte)'N':
                if (!_parser.TryReadNull()) return false;
                Add(DocumentRowKind.Null, start, 0, 0);
                return true;
            case (byte)'b':
                if (!_parser.TryReadBool(out bool b)) return false;
                Add(DocumentRowKind.Bool, start, 0, b ? 1 : 0);
                return true;
            case (byte)'i':
                if (!_parser.TryReadInt(out long i)) return false;
                Add(DocumentRowKind.Int, start, 0, i);
                return true;
            case (byte)'d':
                if (!_parser.TryReadNumber(out double d)) return false;
                Add(DocumentRowKind.Float, start, 0, BitConverter.DoubleToInt64Bits(d));
                return true;
            case (byte)'s':
                if (!_parser.TryReadStringBytes(out ReadOnlySpan<byte> s)) return false;
                Add(DocumentRowKind.String, _parser.Position - 2 - s.Length, s.Length, 0);
                return true;
            case (byte)'a':
                return TryArray(start);
            case (byte)'O':
                return TryObject(start);
            default:
                return false;
        }
    }

    private bool TryArray(int start)
    {
        if (!_parser.TryReadArrayStart(out int count)) return false;
        int row = Add(DocumentRowKind.Array, start, 0, 0);
        for (int n = 0; n < count; n++)
        {
            if (!_parser.TryReadArrayKey(out bool isInt, out long intKey, out ReadOnlySpan<byte> name)) return false;
            if (isInt) Add(DocumentRowKind.IntKey, 0, 0, intKey);
            else Add(DocumentRowKind.StringKey, _parser.Position - 2 - name.Length, name.Length, 0);
            if (!TryValue()) return false;
        }
        return _parser.TryReadEnd(count) && Close(row, start, count);
    }

    private bool TryObject(int start)
    {
        // O:len:"Name":... -- the name as written starts after the first quote.
        int nameStart = start + _data[start..].IndexOf((byte)'"') + 1;
        if (!_parser.TryReadObjectStart(out ReadOnlySpan<byte> className, out int count)) return false;
        // A known class written in another letter case takes its declared name: the value model's business.
        if (!className.SequenceEqual(_data.Slice(nameStart, className.Length))) return false;
        int row = Add(DocumentRowKind.Object, start, 0, ((long)nameStart << 32) | (uint)className.Length);
        for (int n = 0; n < count; n++)
        {
            if (!_parser.TryReadPropertyKey(out ReadOnlySpan<byte> name)) return false;
            Add(DocumentRowKind.StringKey, _parser.Position - 2 - name.Length, name.Length, 0);
            if (!TryValue()) return false;
        }
        return _parser.TryReadObjectEnd(count) && Close(row, start, count);
    }

    // Completes a container's row; false when two of its keys are the same key to PHP (the later
    // value replaces the earlier in place, which the value model does).
    private bool Close(int row, int start, int count)
    {
        ref DocumentRow r = ref _rows[row];
        r.Count = count;
        r.Descendants = _count - row - 1;
        r.Length = _parser.Position - start;
        return count < 2 || !HasDuplicateKeys(row, count);
    }

    private bool HasDuplicateKeys(int row, int count)
    {
        // The common list: int keys 0, 1, 2, ... in order.
        bool list = true;
        int key = row + 1;
        for (int n = 0; n < count && list; n++)
        {
            list = _rows[key].Kind == DocumentRowKind.IntKey && _rows[key].Bits == n;
            key = NextKey(key);
        }
        if (list) return false;
        // Few keys: comparing each pair is cheaper than hashing and sorting.
        if (count <= SmallContainer) return HasEqualKeys(row, count);

        if (_hashes is null || _hashes.Length < count)
        {
            if (_hashes is not null) ArrayPool<ulong>.Shared.Return(_hashes);
            _hashes = ArrayPool<ulong>.Shared.Rent(Math.Max(count, 16));
        }
        Span<ulong> hashes = _hashes.AsSpan(0, count);
        key = row + 1;
        for (int n = 0; n < count; n++)
        {
            hashes[n] = Hash(in _rows[key]);
            key = NextKey(key);
        }
        hashes.Sort();
        for (int n = 1; n < count; n++)
        {
            if (hashes[n] == hashes[n - 1]) return HasEqualKeys(row, count);
        }
        return false;
    }

    // The key row after the element whose key row is at 'key'.
    private readonly int NextKey(int key) => key + 1 + _rows[key + 1].Rows;

    private readonly ulong Hash(in DocumentRow key)
    {
        if (key.Kind == DocumentRowKind.IntKey) return (ulong)key.Bits * 0x9E3779B97F4A7C15UL;
        ulong h = 0xCBF29CE484222325UL;
        foreach (byte b in _data.Slice(key.Start, key.Length)) h = (h ^ b) * 0x100000001B3UL;
        return h | 1; // never equal to an int key's hash of 0
    }

    // Hash collision: compare the keys themselves (quadratic, but only here).
    private readonly bool HasEqualKeys(int row, int count)
    {
        int a = row + 1;
        for (int i = 0; i < count; i++, a = NextKey(a))
        {
            int b = NextKey(a);
            for (int j = i + 1; j < count; j++, b = NextKey(b))
            {
                if (SameKey(in _rows[a], in _rows[b])) return true;
            }
        }
        return false;
    }

    private readonly bool SameKey(in DocumentRow a, in DocumentRow b)
        => a.Kind == b.Kind && (a.Kind == DocumentRowKind.IntKey
            ? a.Bits == b.Bits
            : a.Length == b.Length && _data.Slice(a.Start, a.Length).SequenceEqual(_data.Slice(b.Start, b.Length)));
}
