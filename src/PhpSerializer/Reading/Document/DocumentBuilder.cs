using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

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
/// Indexes what PHP's <c>serialize()</c> writes into <see cref="DocumentRow"/>s with the fast
/// parser's forms and checks (<see cref="DocumentTokens"/>), or gives up (false) on anything
/// else -- including duplicate keys and names that PHP would change -- so the general path decides.
/// </summary>
internal ref struct DocumentBuilder
{
    private const int InitialRows = 64;
    private const int SmallContainer = 8;
    private const int MinBytesPerElement = PhpFormat.MinBytesPerElement;

    private readonly ReadOnlySpan<byte> _data;
    private readonly PhpSerializerOptions _options;
    private readonly int _maxDepth;
    private readonly int _maxStringLength;
    private readonly int _maxElementCount;
    private DocumentRow[] _rows;
    private int _count;

    private DocumentBuilder(ReadOnlySpan<byte> data, PhpSerializerOptions options, DocumentRow[]? rows)
    {
        _data = data;
        _options = options;
        int max = options.MaxDepth;
        _maxDepth = max > 0 && max < FastTreeParser.MaxRecursion ? max : FastTreeParser.MaxRecursion;
        _maxStringLength = options.MaxStringLength;
        _maxElementCount = options.MaxElementCount;
        _rows = rows ?? ArrayPool<DocumentRow>.Shared.Rent(InitialRows);
        _count = 0;
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
            int pos = 0;
            return builder.TryValue(ref pos, 0) && (pos == data.Length || options.AllowTrailingBytes);
        }
        finally
        {
            // Even when something throws: the array may have grown, and the caller owns the new one.
            rows = builder._rows;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Add(DocumentRowKind kind, int start, int length, long bits)
    {
        if (_count == _rows.Length) Grow();
        ref DocumentRow row = ref _rows[_count];
        row.Kind = kind;
        row.Start = start;
        row.Length = length;
        row.Count = 0;
        row.Descendants = 0;
        row.Bits = bits;
        return _count++;
    }

    private void Grow()
    {
        DocumentRow[] bigger = ArrayPool<DocumentRow>.Shared.Rent(_rows.Length * 2);
        _rows.AsSpan(0, _count).CopyTo(bigger);
        ArrayPool<DocumentRow>.Shared.Return(_rows);
        _rows = bigger;
    }

    // One value at pos; depth = containers entered so far (as the fast parser counts them).
    private bool TryValue(ref int pos, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if ((uint)(p + 1) >= (uint)data.Length) return false;
        byte type = data[p];
        if (type == (byte)'N')
        {
            if (data[p + 1] != (byte)';') return false;
            Add(DocumentRowKind.Null, p, 0, 0);
            pos = p + 2;
            return true;
        }
        if (data[p + 1] != (byte)':') return false;
        int start = p;
        p += 2;
        switch (type)
        {
            case (byte)'i':
                if (!DocumentTokens.Int(data, ref p, (byte)';', out long i)) return false;
                Add(DocumentRowKind.Int, start, 0, i);
                break;
            case (byte)'s':
                if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return false;
                Add(DocumentRowKind.String, body, length, 0);
                break;
            case (byte)'d':
                if (PhpFloatText.Parse(data, p, out double d, out int end) != PhpFloatText.Result.Ok) return false;
                Add(DocumentRowKind.Float, start, 0, BitConverter.DoubleToInt64Bits(d));
                p = end;
                break;
            case (byte)'b':
                if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)';' || (data[p] != (byte)'0' && data[p] != (byte)'1')) return false;
                Add(DocumentRowKind.Bool, start, 0, data[p] == (byte)'1' ? 1 : 0);
                p += 2;
                break;
            case (byte)'a':
                if (!TryArray(ref p, start, depth)) return false;
                break;
            case (byte)'O':
                if (!TryObject(ref p, start, depth)) return false;
                break;
            default:
                return false;
        }
        pos = p;
        return true;
    }

    // The count and depth checks of the fast parser, after the '{'.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool TryEnter(int pos, int count, bool isObject, ref int depth)
    {
        if (count == 0 && !isObject) return true;
        if (count > _maxElementCount || count > (_data.Length - pos - 1) / MinBytesPerElement) return false;
        if (depth >= _maxDepth) return false;
        depth++;
        return true;
    }

    // a:count:{key value ...}  (at the count)
    private bool TryArray(ref int pos, int start, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out int count) || !DocumentTokens.Byte(data, ref p, (byte)'{') || !TryEnter(p, count, false, ref depth)) return false;
        int row = Add(DocumentRowKind.Array, start, 0, 0);
        for (int n = 0; n < count; n++)
        {
            if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)':') return false;
            byte type = data[p];
            p += 2;
            if (type == (byte)'i')
            {
                if (!DocumentTokens.Int(data, ref p, (byte)';', out long intKey)) return false;
                Add(DocumentRowKind.IntKey, 0, 0, intKey);
            }
            else if (type == (byte)'s')
            {
                if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return false;
                if (PhpArrayKey.TryParseCanonicalInt(data.Slice(body, length), out long intKey)) Add(DocumentRowKind.IntKey, 0, 0, intKey);
                else Add(DocumentRowKind.StringKey, body, length, 0);
            }
            else
            {
                return false;
            }
            if (!TryValue(ref p, depth)) return false;
        }
        if (!DocumentTokens.Byte(data, ref p, (byte)'}')) return false;
        pos = p;
        return Close(row, start, count, p);
    }

    // O:len:"Class":count:{name value ...}  (at the class name length)
    private bool TryObject(ref int pos, int start, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out int nameLength) || nameLength == 0 || !DocumentTokens.Byte(data, ref p, (byte)'"')) return false;
        int nameStart = p;
        if (nameLength > data.Length - nameStart - 2 || nameLength > _maxStringLength) return false;
        ReadOnlySpan<byte> name = data.Slice(nameStart, nameLength);
        if (PhpFormat.FirstInvalidClassNameByte(name) >= 0) return false;
        if (_options.KnownClasses.Find(name) is PhpKnownClass known)
        {
            // __unserialize classes follow the array rules, and a class written in another letter
            // case takes its declared name: the value model's business.
            if (known.HasUnserialize || !known.NameBytes.AsSpan().SequenceEqual(name)) return false;
        }
        else if (PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(name, PhpFormat.IncompleteClass))
        {
            return false;
        }
        p = nameStart + nameLength;
        if (!DocumentTokens.Byte(data, ref p, (byte)'"') || !DocumentTokens.Byte(data, ref p, (byte)':')
            || !DocumentTokens.Length(data, ref p, (byte)':', out int count) || !DocumentTokens.Byte(data, ref p, (byte)'{')
            || !TryEnter(p, count, true, ref depth))
            return false;
        int row = Add(DocumentRowKind.Object, start, 0, ((long)nameStart << 32) | (uint)nameLength);
        for (int n = 0; n < count; n++)
        {
            // Property names are s: keys kept exactly; int keys and the incomplete-class marker go to the value model.
            if ((uint)(p + 1) >= (uint)data.Length || data[p] != (byte)'s' || data[p + 1] != (byte)':') return false;
            p += 2;
            if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return false;
            if (data.Slice(body, length).SequenceEqual(PhpFormat.IncompleteClassNameProperty)) return false;
            Add(DocumentRowKind.StringKey, body, length, 0);
            if (!TryValue(ref p, depth)) return false;
        }
        if (!DocumentTokens.Byte(data, ref p, (byte)'}')) return false;
        pos = p;
        return Close(row, start, count, p);
    }

    // Completes a container's row; false when two of its keys are the same key to PHP (the later
    // value replaces the earlier in place, which the value model does).
    private bool Close(int row, int start, int count, int end)
    {
        ref DocumentRow r = ref _rows[row];
        r.Count = count;
        r.Descendants = _count - row - 1;
        r.Length = end - start;
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
        // Few keys: comparing each pair is cheaper than a table.
        if (count <= SmallContainer) return HasEqualKeys(row, count);

        // An open-addressing table of key rows (index + 1; 0 is empty), twice the count: equal
        // keys hash alike, so every equal pair meets in a probe and is compared exactly.
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)count * 2);
        int[]? rented = null;
        Span<int> table = size <= 512 ? stackalloc int[size] : (rented = ArrayPool<int>.Shared.Rent(size)).AsSpan(0, size);
        table.Clear();
        try
        {
            int mask = size - 1;
            key = row + 1;
            for (int n = 0; n < count; n++)
            {
                int slot = (int)(Hash(in _rows[key]) >> 32) & mask;
                while (table[slot] != 0)
                {
                    if (SameKey(in _rows[table[slot] - 1], in _rows[key])) return true;
                    slot = (slot + 1) & mask;
                }
                table[slot] = key + 1;
                key = NextKey(key);
            }
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    // The key row after the element whose key row is at 'key'.
    private readonly int NextKey(int key) => key + 1 + _rows[key + 1].Rows;

    private readonly ulong Hash(in DocumentRow key)
    {
        if (key.Kind == DocumentRowKind.IntKey) return (ulong)key.Bits * 0x9E3779B97F4A7C15UL;
        // Eight bytes at a time, then the rest: only equal keys must hash alike.
        ReadOnlySpan<byte> bytes = _data.Slice(key.Start, key.Length);
        ulong h = 0xCBF29CE484222325UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(bytes)) * 0x9E3779B97F4A7C15UL;
            h ^= h >> 29;
            bytes = bytes[8..];
        }
        foreach (byte b in bytes) h = (h ^ b) * 0x100000001B3UL;
        return (h ^ (h >> 32)) * 0x9E3779B97F4A7C15UL;
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
