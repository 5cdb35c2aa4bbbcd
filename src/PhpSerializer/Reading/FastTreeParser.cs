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
        ReadOnlySpan<byte> data = _data;
        int p = _pos;
        if ((uint)(p + 1) >= (uint)data.Length) return null;
        byte type = data[p];
        if (type == (byte)'N') return TryReadNull() ? PhpNull.Instance : null;
        if (data[p + 1] != (byte)':') return null;
        _pos = p + 2;
        switch (type)
        {
            case (byte)'i':
                return TryInt((byte)';', out long i) ? PhpInt.From(i) : null;
            case (byte)'s':
                return ParseString();
            case (byte)'d':
                return TryFloatBody(out double d) ? new PhpFloat(d) : null;
            case (byte)'b':
                return TryBoolBody(out bool b) ? PhpBool.From(b) : null;
            case (byte)'a':
                return ParseArray();
            case (byte)'O':
                return ParseObject();
            default:
                return null;
        }
    }

    // s:len:"bytes";  (at the length)
    private PhpString? ParseString()
    {
        if (!TryStringBody(out ReadOnlySpan<byte> body)) return null;
        int length = body.Length;
        if (length == 0) return PhpString.Empty;
        if (_shared is not null) return PhpString.FromSlice(_shared, _sharedOffset + _pos - 2 - length, length); // the body ends 2 bytes before _pos
        byte[] bytes = GC.AllocateUninitializedArray<byte>(length);
        body.CopyTo(bytes);
        return PhpString.FromOwnedBytes(bytes);
    }

    // a:count:{key value ...}  (at the count)
    private PhpArray? ParseArray()
    {
        if (!TryArrayHeader(out int count)) return null;
        var array = new PhpArray(ReserveCapacity(count));
        return TryParseElements(new ArrayElements(array), count) ? array : null;
    }

    // O:len:"Class":count:{name value ...}  (at the class name length)
    private PhpObject? ParseObject()
    {
        if (!TryObjectHeader(out ReadOnlySpan<byte> name, out int count)) return null;
        var obj = new PhpObject(NameCache.Get(_names, name), ReserveCapacity(count));
        return TryParseElements(new ObjectElements(obj), count) ? obj : null;
    }

    // Where the elements of an array or an object go, with the key rules of each. A struct per
    // kind, so the one loop below is compiled once for each, with direct calls.
    private interface IElements
    {
        bool IsObject { get; }
        bool TryKey(ref FastTreeParser parser, out PhpArrayKey key, out uint hash);
        void AppendNew(PhpArrayKey key, PhpValue value);
        void Put(PhpArrayKey key, PhpValue value);
    }

    private readonly struct ArrayElements(PhpArray array) : IElements
    {
        public bool IsObject => false;
        public bool TryKey(ref FastTreeParser parser, out PhpArrayKey key, out uint hash) => parser.TryArrayKey(out key, out hash);
        public void AppendNew(PhpArrayKey key, PhpValue value) => array.AppendNew(key, value);
        public void Put(PhpArrayKey key, PhpValue value) => array.Put(key, value);
    }

    private readonly struct ObjectElements(PhpObject obj) : IElements
    {
        public bool IsObject => true;
        public bool TryKey(ref FastTreeParser parser, out PhpArrayKey key, out uint hash) => parser.TryPropertyKey(out key, out hash);
        public void AppendNew(PhpArrayKey key, PhpValue value) => obj.AppendNew(key, value);
        public void Put(PhpArrayKey key, PhpValue value) => obj.Put(key, value);
    }

    // The count key/value pairs and the closing '}'. A string key the filter proves new is
    // appended without a lookup; the rest replace in place as PHP does.
    private bool TryParseElements<TElements>(TElements elements, int count) where TElements : struct, IElements
    {
        var keys = new NewKeyFilter();
        for (int n = 0; n < count; n++)
        {
            if (!elements.TryKey(ref this, out PhpArrayKey key, out uint hash)) return false;
            PhpValue? value = ParseValue();
            if (value is null) return false;
            if (key.IsString && keys.IsCertainlyNew(hash)) elements.AppendNew(key, value);
            else elements.Put(key, value);
        }
        return Leave(count, elements.IsObject);
    }

    // count:{  (at the count), with the count and depth checks.
    private bool TryArrayHeader(out int count) => TryLength((byte)':', out count) && TryByte((byte)'{') && Enter(count, isObject: false);

    // len:"Class":count:{  (at the class name length): a class name PHP accepts, then the count
    // and depth checks. Gives up on what the general path settles: __PHP_Incomplete_Class, and
    // classes with __unserialize (their data follows the array rules). A known class gets its
    // declared spelling.
    private bool TryObjectHeader(out ReadOnlySpan<byte> className, out int count)
    {
        className = default;
        count = 0;
        if (!TryLength((byte)':', out int length) || length == 0 || !TryByte((byte)'"')) return false;
        int start = _pos;
        if (length > _data.Length - start - 2 || length > _options.MaxStringLength) return false;
        ReadOnlySpan<byte> name = _data.Slice(start, length);
        if (PhpFormat.FirstInvalidClassNameByte(name) >= 0) return false;
        if (_options.KnownClasses.Find(name) is PhpKnownClass known)
        {
            if (known.HasUnserialize) return false;
            name = known.NameBytes;
        }
        else if (PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(name, IncompleteClass)) return false;
        _pos = start + length;
        if (!TryByte((byte)'"') || !TryByte((byte)':') || !TryLength((byte)':', out count) || !TryByte((byte)'{') || !Enter(count, isObject: true)) return false;
        className = name;
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
    private bool Enter(int count, bool isObject)
    {
        if (count == 0 && !isObject) return true;
        if (count > _options.MaxElementCount || count > (_data.Length - _pos - 1) / MinBytesPerElement) return false;
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
    private bool TryArrayKey(out PhpArrayKey key, out uint hash)
    {
        key = default;
        hash = 0;
        if (!TryKeyStart(out byte type)) return false;
        if (type == (byte)'i')
        {
            if (!TryInt((byte)';', out long i)) return false;
            key = PhpArrayKey.FromInt(i);
            return true;
        }
        if (!TryStringBody(out ReadOnlySpan<byte> bytes)) return false;
        key = PhpArrayKey.TryParseCanonicalInt(bytes, out long n) ? PhpArrayKey.FromInt(n) : PhpArrayKey.OwnedString(NameCache.Get(_names, bytes, out hash));
        return true;
    }

    // Property names: s: keys kept exactly as written (mangled names included). Gives up on int
    // keys (PHP turns them into names, which may repeat a name already there) and on
    // __PHP_Incomplete_Class_Name, which can rename the object.
    private bool TryPropertyKey(out PhpArrayKey key, out uint hash)
    {
        key = default;
        hash = 0;
        if (!TryKeyStart(out byte type) || type != (byte)'s' || !TryStringBody(out ReadOnlySpan<byte> bytes)) return false;
        if (bytes.SequenceEqual(IncompleteClassNameProperty)) return false;
        key = PhpArrayKey.OwnedString(NameCache.Get(_names, bytes, out hash));
        return true;
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

    // digits<terminator>, a length or count of at most 9 digits (the general path handles the rest).
    private bool TryLength(byte terminator, out int value)
    {
        int p = _pos;
        if (!DocumentTokens.Length(_data, ref p, terminator, out value)) return false;
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
