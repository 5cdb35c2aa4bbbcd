using System.Buffers;
using System.Buffers.Binary;
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
    /// <summary>Strings and string keys: the body's offset; floats: the text's; containers: the token's offset.</summary>
    public int Start;
    /// <summary>Strings and string keys: the body's length; containers: the whole value's length.</summary>
    public int Length;
    /// <summary>Containers: the element count.</summary>
    public int Count;
    /// <summary>Containers: how many rows follow that belong to it.</summary>
    public int Descendants;
    /// <summary>Ints and int keys: the value; bools: 0 or 1; objects: class name offset (high) and length (low).</summary>
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
    private const int InitialPrints = 64;
    private const int SmallContainer = 8;
    private const int MinBytesPerElement = PhpFormat.MinBytesPerElement;

    private readonly ReadOnlySpan<byte> _data;
    private readonly PhpSerializerOptions _options;
    private readonly int _maxDepth;
    private readonly int _maxStringLength;
    private readonly int _maxElementCount;
    private DocumentRow[] _rows;
    private int _count;
    // The keys of the containers being read, innermost last (see KeyPrint).
    private Span<KeyPrint> _prints;
    private KeyPrint[]? _rentedPrints;
    private int _printCount;

    private DocumentBuilder(ReadOnlySpan<byte> data, PhpSerializerOptions options, DocumentRow[]? rows, Span<KeyPrint> prints)
    {
        _data = data;
        _options = options;
        int max = options.MaxDepth;
        _maxDepth = max > 0 && max < FastTreeParser.MaxRecursion ? max : FastTreeParser.MaxRecursion;
        _maxStringLength = options.MaxStringLength;
        _maxElementCount = options.MaxElementCount;
        _rows = rows ?? ArrayPool<DocumentRow>.Shared.Rent(InitialRows);
        _count = 0;
        _prints = prints;
        _rentedPrints = null;
        _printCount = 0;
    }

    /// <summary>
    /// Indexes <paramref name="data"/> into <paramref name="rows"/> (pooled and owned by the
    /// caller: an array it already has is reused, a bigger one replaces it when needed). False when
    /// the general path has to decide; the rows then hold nothing of use, but stay the caller's.
    /// </summary>
    [SkipLocalsInit] // the key prints on the stack are written before they are read
    public static bool TryBuild(ReadOnlySpan<byte> data, PhpSerializerOptions options, ref DocumentRow[]? rows)
    {
        var builder = new DocumentBuilder(data, options, rows, stackalloc KeyPrint[InitialPrints]);
        try
        {
            int end = builder.ReadValue(0, 0);
            return end >= 0 && (end == data.Length || options.AllowTrailingBytes);
        }
        finally
        {
            // Even when something throws: the array may have grown, and the caller owns the new one.
            rows = builder._rows;
            if (builder._rentedPrints is not null) ArrayPool<KeyPrint>.Shared.Return(builder._rentedPrints);
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
        // Count and Descendants are read for containers only, and Close sets them there.
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

    // An element's value: ints and strings (most values) right here, the rest in ReadValue, so the
    // common element costs no call. Positions go in and out by value (the offset after the value,
    // -1 when the general path must decide), so they stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadElementValue(int pos, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if ((uint)(p + 1) < (uint)data.Length && data[p + 1] == (byte)':')
        {
            byte type = data[p];
            if (type == (byte)'i')
            {
                p += 2;
                if (!DocumentTokens.Int(data, ref p, (byte)';', out long i)) return -1;
                Add(DocumentRowKind.Int, pos, 0, i);
                return p;
            }
            if (type == (byte)'s')
            {
                p += 2;
                if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return -1;
                Add(DocumentRowKind.String, body, length, 0);
                return p;
            }
        }
        return ReadValue(pos, depth);
    }

    // One value at pos: the offset after it, or -1; depth = containers entered so far (as the fast parser counts them).
    private int ReadValue(int pos, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if ((uint)(p + 1) >= (uint)data.Length) return -1;
        byte type = data[p];
        if (type == (byte)'N')
        {
            if (data[p + 1] != (byte)';') return -1;
            Add(DocumentRowKind.Null, p, 0, 0);
            return p + 2;
        }
        if (data[p + 1] != (byte)':') return -1;
        int start = p;
        p += 2;
        switch (type)
        {
            case (byte)'i':
                if (!DocumentTokens.Int(data, ref p, (byte)';', out long i)) return -1;
                Add(DocumentRowKind.Int, start, 0, i);
                break;
            case (byte)'s':
                if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return -1;
                Add(DocumentRowKind.String, body, length, 0);
                break;
            case (byte)'d':
                // Checked here, converted when read (most floats of a document are never asked for).
                if (PhpFloatText.Check(data, p, out int end) != PhpFloatText.Result.Ok) return -1;
                Add(DocumentRowKind.Float, p, 0, 0);
                p = end;
                break;
            case (byte)'b':
                if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)';' || (data[p] != (byte)'0' && data[p] != (byte)'1')) return -1;
                Add(DocumentRowKind.Bool, start, 0, data[p] == (byte)'1' ? 1 : 0);
                p += 2;
                break;
            case (byte)'a':
                return ReadArray(p, start, depth);
            case (byte)'O':
                return ReadObject(p, start, depth);
            default:
                return -1;
        }
        return p;
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

    // a:count:{key value ...}  (at the count): the offset after it, or -1.
    private int ReadArray(int pos, int start, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out int count) || !DocumentTokens.Byte(data, ref p, (byte)'{') || !TryEnter(p, count, false, ref depth)) return -1;
        int row = Add(DocumentRowKind.Array, start, 0, 0);
        int firstPrint = _printCount;
        // While the keys are 0, 1, 2, ... (a list, the common case) no key can repeat, and none is
        // remembered; the first other key remembers the list's keys so far and every key after.
        bool list = true;
        for (int n = 0; n < count; n++)
        {
            if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)':') return -1;
            byte type = data[p];
            p += 2;
            long intKey;
            if (type == (byte)'i')
            {
                if (!DocumentTokens.Int(data, ref p, (byte)';', out intKey)) return -1;
                Add(DocumentRowKind.IntKey, 0, 0, intKey);
            }
            else if (type == (byte)'s')
            {
                if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return -1;
                if (PhpArrayKey.TryParseCanonicalInt(data.Slice(body, length), out intKey))
                {
                    Add(DocumentRowKind.IntKey, 0, 0, intKey);
                }
                else
                {
                    if (list) list = LeaveList(n);
                    PushPrint(KeyPrint.OfString(data, body, length, Add(DocumentRowKind.StringKey, body, length, 0)));
                    goto Value;
                }
            }
            else
            {
                return -1;
            }
            if (list)
            {
                if (intKey != n) list = LeaveList(n);
                else goto Value;
            }
            PushPrint(KeyPrint.OfInt(intKey));
        Value:
            p = ReadElementValue(p, depth);
            if (p < 0) return -1;
        }
        if (!DocumentTokens.Byte(data, ref p, (byte)'}')) return -1;
        return Close(row, start, count, p, firstPrint) ? p : -1;
    }

    // The keys 0 .. n-1 of a container that was a list until its n-th key; always false.
    private bool LeaveList(int n)
    {
        for (int i = 0; i < n; i++) PushPrint(KeyPrint.OfInt(i));
        return false;
    }

    // O:len:"Class":count:{name value ...}  (at the class name length): the offset after it, or -1.
    private int ReadObject(int pos, int start, int depth)
    {
        ReadOnlySpan<byte> data = _data;
        int p = pos;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out int nameLength) || nameLength == 0 || !DocumentTokens.Byte(data, ref p, (byte)'"')) return -1;
        int nameStart = p;
        if (nameLength > data.Length - nameStart - 2 || nameLength > _maxStringLength) return -1;
        ReadOnlySpan<byte> name = data.Slice(nameStart, nameLength);
        if (PhpFormat.FirstInvalidClassNameByte(name) >= 0) return -1;
        if (_options.KnownClasses.Find(name) is PhpKnownClass known)
        {
            // __unserialize classes follow the array rules, and a class written in another letter
            // case takes its declared name: the value model's business.
            if (known.HasUnserialize || !known.NameBytes.AsSpan().SequenceEqual(name)) return -1;
        }
        else if (PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(name, PhpFormat.IncompleteClass))
        {
            return -1;
        }
        p = nameStart + nameLength;
        if (!DocumentTokens.Byte(data, ref p, (byte)'"') || !DocumentTokens.Byte(data, ref p, (byte)':')
            || !DocumentTokens.Length(data, ref p, (byte)':', out int count) || !DocumentTokens.Byte(data, ref p, (byte)'{')
            || !TryEnter(p, count, true, ref depth))
            return -1;
        int row = Add(DocumentRowKind.Object, start, 0, ((long)nameStart << 32) | (uint)nameLength);
        int firstPrint = _printCount;
        for (int n = 0; n < count; n++)
        {
            // Property names are s: keys kept exactly; int keys and the incomplete-class marker go to the value model.
            if ((uint)(p + 1) >= (uint)data.Length || data[p] != (byte)'s' || data[p + 1] != (byte)':') return -1;
            p += 2;
            if (!DocumentTokens.StringBody(data, ref p, _maxStringLength, out int body, out int length)) return -1;
            if (data.Slice(body, length).SequenceEqual(PhpFormat.IncompleteClassNameProperty)) return -1;
            PushPrint(KeyPrint.OfString(data, body, length, Add(DocumentRowKind.StringKey, body, length, 0)));
            p = ReadElementValue(p, depth);
            if (p < 0) return -1;
        }
        if (!DocumentTokens.Byte(data, ref p, (byte)'}')) return -1;
        return Close(row, start, count, p, firstPrint) ? p : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushPrint(KeyPrint print)
    {
        if (_printCount == _prints.Length) GrowPrints();
        _prints[_printCount++] = print;
    }

    private void GrowPrints()
    {
        KeyPrint[] bigger = ArrayPool<KeyPrint>.Shared.Rent(_prints.Length * 2);
        _prints[.._printCount].CopyTo(bigger);
        if (_rentedPrints is not null) ArrayPool<KeyPrint>.Shared.Return(_rentedPrints);
        _rentedPrints = bigger;
        _prints = bigger;
    }

    // Completes a container's row and forgets its keys; false when two of its keys are the same
    // key to PHP (the later value replaces the earlier in place, which the value model does).
    private bool Close(int row, int start, int count, int end, int firstPrint)
    {
        ref DocumentRow r = ref _rows[row];
        r.Count = count;
        r.Descendants = _count - row - 1;
        r.Length = end - start;
        bool duplicate = _printCount - firstPrint >= 2 && HasDuplicateKeys(_prints[firstPrint.._printCount]);
        _printCount = firstPrint;
        return !duplicate;
    }

    private readonly bool HasDuplicateKeys(ReadOnlySpan<KeyPrint> keys)
    {
        // Few keys: one bit per print in a word; only a key whose bit is already set is compared
        // with the keys before it (equal keys have equal prints, so they always meet there).
        if (keys.Length <= SmallContainer)
        {
            ulong seen = 0;
            for (int i = 0; i < keys.Length; i++)
            {
                ulong print = keys[i].Print;
                ulong bit = 1UL << (int)((print * 0x9E3779B97F4A7C15UL) >> 58);
                if ((seen & bit) != 0)
                {
                    for (int j = 0; j < i; j++)
                    {
                        if (keys[j].Print == print && SameKey(keys[j], keys[i])) return true;
                    }
                }
                seen |= bit;
            }
            return false;
        }

        // An open-addressing table of key indexes (+ 1; 0 is empty), at least twice the count:
        // equal keys have equal prints, so every equal pair meets in a probe and is compared exactly.
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)keys.Length * 2);
        int[]? rented = null;
        Span<int> table = size <= 512 ? stackalloc int[size] : (rented = ArrayPool<int>.Shared.Rent(size)).AsSpan(0, size);
        table.Clear();
        try
        {
            int shift = 64 - BitOperations.Log2((uint)size);
            for (int n = 0; n < keys.Length; n++)
            {
                int slot = (int)((keys[n].Print * 0x9E3779B97F4A7C15UL) >> shift);
                while (table[slot] != 0)
                {
                    ref readonly KeyPrint other = ref keys[table[slot] - 1];
                    if (other.Print == keys[n].Print && SameKey(other, keys[n])) return true;
                    slot = (slot + 1) & (size - 1);
                }
                table[slot] = n + 1;
            }
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<int>.Shared.Return(rented);
        }
    }

    // Two keys with the same print: int keys are their print; strings are compared byte for byte.
    private readonly bool SameKey(in KeyPrint a, in KeyPrint b)
    {
        if (a.Row < 0 || b.Row < 0) return a.Row == b.Row;
        ref readonly DocumentRow x = ref _rows[a.Row];
        ref readonly DocumentRow y = ref _rows[b.Row];
        return x.Length == y.Length && _data.Slice(x.Start, x.Length).SequenceEqual(_data.Slice(y.Start, y.Length));
    }
}

/// <summary>
/// What the duplicate-key check remembers of one key: a print that equal keys share (an int key's
/// value; for a string, a hash of its bytes and length) and, for a string, its
/// key row, to compare the bytes when two prints match.
/// </summary>
internal readonly struct KeyPrint
{
    public readonly ulong Print;
    /// <summary>The string key's row; -1 for an int key.</summary>
    public readonly int Row;

    private KeyPrint(ulong print, int row)
    {
        Print = print;
        Row = row;
    }

    public static KeyPrint OfInt(long key) => new((ulong)key, -1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KeyPrint OfString(ReadOnlySpan<byte> data, int start, int length, int row)
    {
        ulong head, tail = 0;
        if (length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(start));
            tail = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(start + length - 8));
        }
        else if (data.Length - start >= 8)
        {
            // The eight bytes from the start, cut to the key's own.
            head = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(start)) & ((1UL << (length * 8)) - 1);
        }
        else
        {
            head = 0;
            for (int i = length - 1; i >= 0; i--) head = (head << 8) | data[start + i];
        }
        ulong print = ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL)) + (ulong)length;
        // Longer keys mix in their middle too: keys alike but for the middle ("user:00001234:name")
        // must not all share one print, or the check would compare each with every other.
        for (int i = start + 8; i < start + length - 8; i += 8)
        {
            print = (print ^ BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i))) * 0x9E3779B97F4A7C15UL;
            print ^= print >> 29;
        }
        return new(print, row);
    }
}
