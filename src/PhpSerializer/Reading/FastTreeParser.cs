namespace PhpSerializer;

/// <summary>
/// The fast path of <see cref="PhpSerialization.Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>:
/// a recursive-descent parser that builds the <see cref="PhpValue"/> tree straight from the bytes
/// for the forms PHP's <c>serialize()</c> itself writes (<c>N b i d s a O</c>), with no token
/// state machine and no reference bookkeeping. It gives up (returns null, having built nothing
/// anyone sees) on anything else -- <c>r:</c>/<c>R:</c>, <c>C:</c>, <c>E:</c>, <c>S:</c>,
/// lenient or malformed syntax, a limit that would be exceeded, nesting beyond
/// <see cref="MaxRecursion"/>, <c>__PHP_Incomplete_Class</c> -- and the caller then runs the
/// general <see cref="PhpSerializedReader"/> + <see cref="TreeBuilder"/> path on the same
/// bytes, which produces the value or the exact error. So the accepted language and every error
/// message are those of the general path; this one only has to build the same tree for the
/// subset it accepts (the differential tests compare the two).
/// </summary>
internal ref partial struct FastTreeParser
{
    /// <summary>Deepest nesting handled here (recursion); deeper input goes to the iterative general path.</summary>
    internal const int MaxRecursion = 128;

    private const int MinBytesPerElement = PhpFormat.MinBytesPerElement;

    private static ReadOnlySpan<byte> IncompleteClass => PhpFormat.IncompleteClass;
    private static ReadOnlySpan<byte> IncompleteClassNameProperty => PhpFormat.IncompleteClassNameProperty;

    private readonly ReadOnlySpan<byte> _data;
    private readonly PhpSerializerOptions _options;
    private readonly byte[]? _shared; // no-copy mode: the array _data lies in; strings become slices of it
    private readonly int _sharedOffset;
    private readonly int _maxDepth;
    private int _pos;
    private int _depth;
    // Containers are pre-sized from their claimed counts, but all of them together get at most
    // one slot per MinBytesPerElement bytes of input (what a valid input can hold): nested
    // claims on the same bytes cannot multiply the allocation.
    private int _capacityBudget;
    private readonly NameCache.Slot[] _names; // NameCache table: shared arrays for repeated class names and keys

    internal FastTreeParser(ReadOnlySpan<byte> data, PhpSerializerOptions options, byte[]? shared, int sharedOffset)
    {
        _data = data;
        _options = options;
        _shared = shared;
        _sharedOffset = sharedOffset;
        int max = options.MaxDepth;
        _maxDepth = max > 0 && max < MaxRecursion ? max : MaxRecursion;
        _pos = 0;
        _depth = 0;
        _capacityBudget = data.Length / MinBytesPerElement;
        _names = NameCache.Table;
    }

    /// <summary>
    /// Parses one value from the start of <paramref name="data"/>, or returns null when the general
    /// path must handle it. With <paramref name="shared"/> set, <paramref name="data"/> must be
    /// <paramref name="shared"/>[<paramref name="sharedOffset"/>..] and string values are slices of it.
    /// </summary>
    public static PhpValue? TryParse(ReadOnlySpan<byte> data, PhpSerializerOptions options, byte[]? shared, int sharedOffset, out int bytesConsumed)
    {
        var parser = new FastTreeParser(data, options, shared, sharedOffset);
        PhpValue? value = parser.ParseValue();
        bytesConsumed = parser._pos;
        return value;
    }

    /// <summary>Parses the next value, or returns null when the general path must handle it (the position is then undefined).</summary>
    internal PhpValue? ParseValue()
    {
        int end = ReadValue(_pos, out PhpValue? value);
        if (end < 0) return null;
        _pos = end;
        return value;
    }

    // The tree is read with positions going in and out by value (the offset after the value, or
    // -1 when the general path must decide), so they stay in registers; the token reads of the
    // streaming path (FastTreeParser.Tokens.cs) keep theirs in _pos between calls.

    // One value at p.
    private int ReadValue(int p, out PhpValue? value)
    {
        ReadOnlySpan<byte> data = _data;
        value = null;
        if ((uint)(p + 1) >= (uint)data.Length) return -1;
        byte type = data[p];
        if (type == (byte)'N')
        {
            if (data[p + 1] != (byte)';') return -1;
            value = PhpNull.Instance;
            return p + 2;
        }
        if (data[p + 1] != (byte)':') return -1;
        p += 2;
        switch (type)
        {
            case (byte)'i':
                if (!DocumentTokens.Int(data, ref p, (byte)';', out long i)) return -1;
                value = PhpInt.From(i);
                return p;
            case (byte)'s':
                return ReadString(p, out value);
            case (byte)'d':
                if (PhpFloatText.Parse(data, p, out double d, out int end) != PhpFloatText.Result.Ok) return -1;
                value = new PhpFloat(d);
                return end;
            case (byte)'b':
                if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)';' || (data[p] != (byte)'0' && data[p] != (byte)'1')) return -1;
                value = PhpBool.From(data[p] == (byte)'1');
                return p + 2;
            case (byte)'a':
                return ReadArray(p, out value);
            case (byte)'O':
                return ReadObject(p, out value);
            default:
                return -1;
        }
    }

    // s:len:"bytes";  (at the length)
    private int ReadString(int p, out PhpValue? value)
    {
        value = null;
        if (!DocumentTokens.StringBody(_data, ref p, _options.MaxStringLength, out int start, out int length)) return -1;
        if (length == 0) value = PhpString.Empty;
        else if (_shared is not null) value = PhpString.FromSlice(_shared, _sharedOffset + start, length);
        else
        {
            byte[] bytes = GC.AllocateUninitializedArray<byte>(length);
            _data.Slice(start, length).CopyTo(bytes);
            value = PhpString.FromOwnedBytes(bytes);
        }
        return p;
    }

    // a:count:{key value ...}  (at the count)
    private int ReadArray(int p, out PhpValue? value)
    {
        value = null;
        p = ReadArrayHeader(p, out int count);
        if (p < 0) return -1;
        var array = new PhpArray(ReserveCapacity(count));
        p = ReadElements(new ArrayElements(array), p, count);
        if (p >= 0) value = array;
        return p;
    }

    // O:len:"Class":count:{name value ...}  (at the class name length)
    private int ReadObject(int p, out PhpValue? value)
    {
        value = null;
        p = ReadObjectHeader(p, out ReadOnlySpan<byte> name, out int count);
        if (p < 0) return -1;
        var obj = new PhpObject(NameCache.Get(_names, name), ReserveCapacity(count));
        p = ReadElements(new ObjectElements(obj), p, count);
        if (p >= 0) value = obj;
        return p;
    }

    // Where the elements of an array or an object go, with the key rules of each. A struct per
    // kind, so the one loop below is compiled once for each, with direct calls.
    private interface IElements
    {
        bool IsObject { get; }
        int ReadKey(ref FastTreeParser parser, int p, out PhpArrayKey key, out uint hash);
        void AppendNew(PhpArrayKey key, PhpValue value);
        void Put(PhpArrayKey key, PhpValue value);
    }

    private readonly struct ArrayElements(PhpArray array) : IElements
    {
        public bool IsObject => false;
        public int ReadKey(ref FastTreeParser parser, int p, out PhpArrayKey key, out uint hash) => parser.ReadArrayKey(p, out key, out hash);
        public void AppendNew(PhpArrayKey key, PhpValue value) => array.AppendNew(key, value);
        public void Put(PhpArrayKey key, PhpValue value) => array.Put(key, value);
    }

    private readonly struct ObjectElements(PhpObject obj) : IElements
    {
        public bool IsObject => true;
        public int ReadKey(ref FastTreeParser parser, int p, out PhpArrayKey key, out uint hash) => parser.ReadPropertyKey(p, out key, out hash);
        public void AppendNew(PhpArrayKey key, PhpValue value) => obj.AppendNew(key, value);
        public void Put(PhpArrayKey key, PhpValue value) => obj.Put(key, value);
    }

    // The count key/value pairs and the closing '}' (at the first key). A string key the filter
    // proves new is appended without a lookup; the rest replace in place as PHP does.
    private int ReadElements<TElements>(TElements elements, int p, int count) where TElements : struct, IElements
    {
        var keys = new NewKeyFilter();
        for (int n = 0; n < count; n++)
        {
            p = elements.ReadKey(ref this, p, out PhpArrayKey key, out uint hash);
            if (p < 0) return -1;
            p = ReadValue(p, out PhpValue? value);
            if (p < 0) return -1;
            if (key.IsString && keys.IsCertainlyNew(hash)) elements.AppendNew(key, value!);
            else elements.Put(key, value!);
        }
        if (count != 0 || elements.IsObject) _depth--;
        return DocumentTokens.Byte(_data, ref p, (byte)'}') ? p : -1;
    }

    // count:{  (at the count), with the count and depth checks.
    private bool TryArrayHeader(out int count) => Advance(ReadArrayHeader(_pos, out count));

    private int ReadArrayHeader(int p, out int count)
    {
        ReadOnlySpan<byte> data = _data;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out count) || !DocumentTokens.Byte(data, ref p, (byte)'{') || !Enter(p, count, isObject: false)) return -1;
        return p;
    }

    // len:"Class":count:{  (at the class name length): a class name PHP accepts, then the count
    // and depth checks. Gives up on what the general path settles: __PHP_Incomplete_Class, and
    // classes with __unserialize (their data follows the array rules). A known class gets its
    // declared spelling.
    private bool TryObjectHeader(out ReadOnlySpan<byte> className, out int count) => Advance(ReadObjectHeader(_pos, out className, out count));

    private int ReadObjectHeader(int p, out ReadOnlySpan<byte> className, out int count)
    {
        ReadOnlySpan<byte> data = _data;
        className = default;
        count = 0;
        if (!DocumentTokens.Length(data, ref p, (byte)':', out int length) || length == 0 || !DocumentTokens.Byte(data, ref p, (byte)'"')) return -1;
        int start = p;
        if (length > data.Length - start - 2 || length > _options.MaxStringLength) return -1;
        ReadOnlySpan<byte> name = data.Slice(start, length);
        if (PhpFormat.FirstInvalidClassNameByte(name) >= 0) return -1;
        if (_options.KnownClasses.Find(name) is PhpKnownClass known)
        {
            if (known.HasUnserialize) return -1;
            name = known.NameBytes;
        }
        else if (PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(name, IncompleteClass)) return -1;
        p = start + length;
        if (!DocumentTokens.Byte(data, ref p, (byte)'"') || !DocumentTokens.Byte(data, ref p, (byte)':')
            || !DocumentTokens.Length(data, ref p, (byte)':', out count) || !DocumentTokens.Byte(data, ref p, (byte)'{')
            || !Enter(p, count, isObject: true))
            return -1;
        className = name;
        return p;
    }

    // The position after a by-value read, kept in _pos for the streaming path; false for -1.
    private bool Advance(int end)
    {
        if (end < 0) return false;
        _pos = end;
        return true;
    }

    // x;  (at the float text)
    private bool TryFloatBody(out double value)
    {
        if (PhpFloatText.Parse(_data, _pos, out value, out int end) != PhpFloatText.Result.Ok) return false;
        _pos = end;
        return true;
    }

    // 0; or 1;  (at the digit)
    private bool TryBoolBody(out bool value)
    {
        int p = _pos;
        value = false;
        if (p + 1 >= _data.Length || _data[p + 1] != (byte)';') return false;
        byte b = _data[p];
        if (b != (byte)'0' && b != (byte)'1') return false;
        value = b == (byte)'1';
        _pos = p + 2;
        return true;
    }

    // The string keys of one container so far, as one bit per key hash: a clear bit proves a key
    // is new, so it is appended without a lookup; a set bit (a repeat, or another key with the same
    // bit) takes the map's full lookup, which finds and replaces a real repeat as PHP does.
    private struct NewKeyFilter
    {
        private ulong _bits;

        public bool IsCertainlyNew(uint hash)
        {
            ulong bit = 1UL << (int)(hash >> 26);
            bool isNew = (_bits & bit) == 0;
            _bits |= bit;
            return isNew;
        }
    }

    // The same checks as PhpSerializedReader.CheckCount/PushFrame, answered with "not here" instead
    // of an exception (stricter on counts: a count the input cannot hold goes to the general path,
    // which reports it where PHP does). The depth counts non-empty arrays and every object.
    // pos: just after the '{'.
    private bool Enter(int pos, int count, bool isObject)
    {
        if (count == 0 && !isObject) return true;
        if (count > _options.MaxElementCount || count > (_data.Length - pos - 1) / MinBytesPerElement) return false;
        if (_depth >= _maxDepth) return false;
        _depth++;
        return true;
    }

    /// <summary>Pre-size for a container of <paramref name="count"/>: at most what the rest of the input budget allows (less means the input cannot hold that many).</summary>
    internal int ReserveCapacity(int count)
    {
        int capacity = Math.Min(count, _capacityBudget);
        _capacityBudget -= capacity;
        return capacity;
    }

    private bool Leave(int count, bool isObject)
    {
        if (count != 0 || isObject) _depth--;
        return TryByte((byte)'}');
    }

    // Array keys: i:n; or s:len:"..."; where a canonical decimal string becomes an int key (PHP's symtable).
    private int ReadArrayKey(int p, out PhpArrayKey key, out uint hash)
    {
        ReadOnlySpan<byte> data = _data;
        key = default;
        hash = 0;
        if ((uint)(p + 1) >= (uint)data.Length || data[p + 1] != (byte)':') return -1;
        byte type = data[p];
        p += 2;
        if (type == (byte)'i')
        {
            if (!DocumentTokens.Int(data, ref p, (byte)';', out long i)) return -1;
            key = PhpArrayKey.FromInt(i);
            return p;
        }
        if (type != (byte)'s' || !DocumentTokens.StringBody(data, ref p, _options.MaxStringLength, out int start, out int length)) return -1;
        ReadOnlySpan<byte> bytes = data.Slice(start, length);
        key = PhpArrayKey.TryParseCanonicalInt(bytes, out long n) ? PhpArrayKey.FromInt(n) : PhpArrayKey.OwnedString(NameCache.Get(_names, bytes, out hash));
        return p;
    }

    // Property names: s: keys kept exactly as written (mangled names included). Gives up on int
    // keys (PHP turns them into names, which may repeat a name already there) and on
    // __PHP_Incomplete_Class_Name, which can rename the object.
    private int ReadPropertyKey(int p, out PhpArrayKey key, out uint hash)
    {
        ReadOnlySpan<byte> data = _data;
        key = default;
        hash = 0;
        if ((uint)(p + 1) >= (uint)data.Length || data[p] != (byte)'s' || data[p + 1] != (byte)':') return -1;
        p += 2;
        if (!DocumentTokens.StringBody(data, ref p, _options.MaxStringLength, out int start, out int length)) return -1;
        ReadOnlySpan<byte> bytes = data.Slice(start, length);
        if (bytes.SequenceEqual(IncompleteClassNameProperty)) return -1;
        key = PhpArrayKey.OwnedString(NameCache.Get(_names, bytes, out hash));
        return p;
    }

    private bool TryKeyStart(out byte type)
    {
        int p = _pos;
        type = 0;
        if ((uint)(p + 1) >= (uint)_data.Length || _data[p + 1] != (byte)':') return false;
        type = _data[p];
        if (type != (byte)'i' && type != (byte)'s') return false;
        _pos = p + 2;
        return true;
    }

    // The token reads are DocumentTokens', which the document builder uses too: both paths accept
    // exactly the same forms. Each leaves the position unchanged when it returns false.

    // len:"bytes";  (at the length): a string value's or key's body, a slice of the input
    private bool TryStringBody(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        int p = _pos;
        if (!DocumentTokens.StringBody(_data, ref p, _options.MaxStringLength, out int start, out int length)) return false;
        bytes = _data.Slice(start, length);
        _pos = p;
        return true;
    }

    // [-]digits<terminator>, at most 19 digits and within int64 (the general path clamps beyond).
    private bool TryInt(byte terminator, out long value)
    {
        int p = _pos;
        if (!DocumentTokens.Int(_data, ref p, terminator, out value)) return false;
        _pos = p;
        return true;
    }

    private bool TryByte(byte expected)
    {
        int p = _pos;
        if (!DocumentTokens.Byte(_data, ref p, expected)) return false;
        _pos = p;
        return true;
    }
}
