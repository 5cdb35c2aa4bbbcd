using System.Text;

namespace PhpSerializer;

public readonly partial struct PhpElement
{
    /// <summary>
    /// The element of an array under <paramref name="key"/>, or the property of an object named by
    /// its decimal digits (PHP names properties with strings).
    /// </summary>
    public bool TryGetValue(long key, out PhpElement value)
    {
        if (_value is not null) return TryGetTree(PhpArrayKey.FromInt(key), out value);
        if (Row.Kind == DocumentRowKind.Object)
        {
            Span<byte> digits = stackalloc byte[20];
            key.TryFormat(digits, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            return TryGetValue(digits[..n], out value);
        }
        return TryFind(isInt: true, key, default, out value);
    }

    /// <summary>
    /// The element of an array under the string key <paramref name="key"/>, normalized as PHP
    /// does (<c>"5"</c> is the int key 5), or the property of an object with exactly this
    /// (mangled, for non-public properties) name.
    /// </summary>
    public bool TryGetValue(ReadOnlySpan<byte> key, out PhpElement value)
    {
        bool array = _value is not null ? _value is PhpArray : Row.Kind == DocumentRowKind.Array;
        bool isInt = PhpArrayKey.TryParseCanonicalInt(key, out long intKey) && array;
        if (_value is not null) return TryGetTree(isInt ? PhpArrayKey.FromInt(intKey) : PhpArrayKey.RawString(key), out value);
        return TryFind(isInt, intKey, key, out value);
    }

    /// <summary>As <see cref="TryGetValue(ReadOnlySpan{byte}, out PhpElement)"/> for the UTF-8 bytes of <paramref name="key"/>.</summary>
    public bool TryGetValue(string key, out PhpElement value)
    {
        ArgumentNullException.ThrowIfNull(key);
        int max = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> bytes = max <= 256 ? stackalloc byte[max] : new byte[max];
        return TryGetValue(bytes[..Encoding.UTF8.GetBytes(key, bytes)], out value);
    }

    /// <summary>The element under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such element.</exception>
    public PhpElement this[string key] => TryGetValue(key, out PhpElement value) ? value : throw new KeyNotFoundException($"No element '{key}'");

    /// <summary>The element under <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such element.</exception>
    public PhpElement this[long key] => TryGetValue(key, out PhpElement value) ? value : throw new KeyNotFoundException($"No element {key}");

    /// <summary>The elements of an array (or the properties of an object), in order, with their keys.</summary>
    public ElementEnumerator EnumerateArray()
    {
        _ = GetCount(); // checks the kind
        return new ElementEnumerator(this);
    }

    /// <summary>The properties of an object, in order, with their names, visibility and declaring class.</summary>
    public PropertyEnumerator EnumerateObject()
    {
        if (Kind != PhpValueKind.Object) throw WrongKind("an object");
        return new PropertyEnumerator(new ElementEnumerator(this));
    }

    private bool TryGetTree(PhpArrayKey key, out PhpElement value)
    {
        CheckLive();
        PhpValue? found = _value switch
        {
            PhpArray a => a.TryGetValue(key, out PhpValue v) ? v : null,
            PhpObject o => o.TryGetByKey(key.IsInt ? PhpArrayKey.RawString(Encoding.ASCII.GetBytes(key.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture))) : key, out PhpProperty p) ? p.Value : null,
            _ => throw WrongKind("an array or object"),
        };
        value = found is null ? default : new PhpElement(_document, -1, found);
        return found is not null;
    }

    // A linear walk over the container's key rows (as JsonElement's lookups).
    private bool TryFind(bool isInt, long intKey, ReadOnlySpan<byte> name, out PhpElement value)
    {
        ref readonly DocumentRow container = ref Row;
        if (container.Kind is not (DocumentRowKind.Array or DocumentRowKind.Object)) throw WrongKind("an array or object");
        int key = _row + 1;
        for (int n = 0; n < container.Count; n++)
        {
            ref readonly DocumentRow k = ref _document.Row(key);
            bool match = isInt
                ? k.Kind == DocumentRowKind.IntKey && k.Bits == intKey
                : k.Kind == DocumentRowKind.StringKey && _document.Bytes(k.Start, k.Length).SequenceEqual(name);
            if (match)
            {
                value = new PhpElement(_document, key + 1, null);
                return true;
            }
            key = NextKey(key);
        }
        value = default;
        return false;
    }

    private int NextKey(int key) => key + 1 + _document.Row(key + 1).Rows;

    /// <summary>Enumerates the elements of an array or object; use with <c>foreach</c>.</summary>
    public struct ElementEnumerator
    {
        private readonly PhpElement _container;
        private readonly int _count;
        private int _index;
        private int _keyRow;

        internal ElementEnumerator(PhpElement container)
        {
            _container = container;
            _count = container.GetCount();
            _index = -1;
            _keyRow = container._row + 1;
        }

        /// <summary>The current element.</summary>
        public readonly PhpElementEntry Current
        {
            get
            {
                PhpElement c = _container;
                c.CheckLive();
                if (c._value is not null)
                {
                    var (key, value) = c._value is PhpArray a ? (a.Entries[_index].Key, a.Entries[_index].Value) : (((PhpObject)c._value).GetPropertyAt(_index).Key, ((PhpObject)c._value).GetPropertyAt(_index).Value);
                    return new PhpElementEntry(new PhpElementKey(c._document, -1, key), new PhpElement(c._document, -1, value));
                }
                return new PhpElementEntry(new PhpElementKey(c._document, _keyRow, default), new PhpElement(c._document, _keyRow + 1, null));
            }
        }

        /// <summary>Moves to the next element.</summary>
        public bool MoveNext()
        {
            _container.CheckLive();
            if (_index + 1 >= _count) return false;
            if (_index >= 0 && _container._value is null) _keyRow = _container.NextKey(_keyRow);
            _index++;
            return true;
        }

        /// <summary>This enumerator (for <c>foreach</c>).</summary>
        public readonly ElementEnumerator GetEnumerator() => this;
    }

    /// <summary>Enumerates the properties of an object; use with <c>foreach</c>.</summary>
    public struct PropertyEnumerator
    {
        private ElementEnumerator _elements;

        internal PropertyEnumerator(ElementEnumerator elements) => _elements = elements;

        /// <summary>The current property.</summary>
        public readonly PhpElementProperty Current => new(_elements.Current);

        /// <summary>Moves to the next property.</summary>
        public bool MoveNext() => _elements.MoveNext();

        /// <summary>This enumerator (for <c>foreach</c>).</summary>
        public readonly PropertyEnumerator GetEnumerator() => this;
    }
}

/// <summary>An element of an array or object in a <see cref="PhpDocument"/>: its key and value.</summary>
public readonly struct PhpElementEntry
{
    internal PhpElementEntry(PhpElementKey key, PhpElement value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key.</summary>
    public PhpElementKey Key { get; }

    /// <summary>The value.</summary>
    public PhpElement Value { get; }
}

/// <summary>An array key or property name in a <see cref="PhpDocument"/>.</summary>
public readonly struct PhpElementKey
{
    private readonly PhpDocument _document;
    private readonly int _row;
    private readonly PhpArrayKey _key; // value-model keys
    private readonly int _generation;

    internal PhpElementKey(PhpDocument document, int row, PhpArrayKey key)
    {
        _document = document;
        _row = row;
        _key = key;
        _generation = document.Generation;
    }

    /// <summary>True for an int key.</summary>
    public bool IsInt => _row < 0 ? _key.IsInt : _document.Row(_row, _generation).Kind == DocumentRowKind.IntKey;

    /// <summary>The int key.</summary>
    public long GetInt64()
    {
        if (!IsInt) throw new InvalidOperationException("The key is a string");
        return _row < 0 ? _key.IntValue : _document.Row(_row, _generation).Bits;
    }

    /// <summary>The bytes of a string key (the raw, mangled name for a property).</summary>
    public ReadOnlySpan<byte> GetBytes()
    {
        if (IsInt) throw new InvalidOperationException("The key is an int");
        if (_row < 0)
        {
            _document.CheckLive(_generation);
            return _key.StringBytes;
        }
        ref readonly DocumentRow row = ref _document.Row(_row, _generation);
        return _document.Bytes(row.Start, row.Length);
    }

    /// <summary>The key as PHP's <c>PhpArrayKey</c> (a copy).</summary>
    public PhpArrayKey ToArrayKey() => IsInt ? PhpArrayKey.FromInt(GetInt64()) : PhpArrayKey.RawString(GetBytes());

    /// <inheritdoc />
    public override string ToString() => IsInt ? GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : Encoding.UTF8.GetString(GetBytes());
}

/// <summary>A property of an object in a <see cref="PhpDocument"/>: name, visibility, declaring class and value.</summary>
public readonly struct PhpElementProperty
{
    private readonly PhpElementEntry _entry;

    internal PhpElementProperty(PhpElementEntry entry) => _entry = entry;

    /// <summary>The key as serialized: a string name, or an int for the data of a class with <c>__unserialize()</c>.</summary>
    public PhpElementKey Key => _entry.Key;

    /// <summary>The raw (mangled) name, as serialized; empty for an int key.</summary>
    public ReadOnlySpan<byte> RawName => _entry.Key.IsInt ? default : _entry.Key.GetBytes();

    /// <summary>The name without the visibility mangling.</summary>
    public ReadOnlySpan<byte> NameBytes
    {
        get
        {
            ReadOnlySpan<byte> raw = RawName;
            return PhpProperty.Split(raw, out _, out int nameStart) ? raw[nameStart..] : raw;
        }
    }

    /// <summary>The name without the visibility mangling, as UTF-8 text (the decimal digits of an int key).</summary>
    public string Name => _entry.Key.IsInt ? _entry.Key.ToString() : Encoding.UTF8.GetString(NameBytes);

    /// <summary>Public, protected (<c>\0*\0name</c>) or private (<c>\0Class\0name</c>).</summary>
    public PhpVisibility Visibility
        => !PhpProperty.Split(RawName, out ReadOnlySpan<byte> cls, out _) ? PhpVisibility.Public
            : cls.SequenceEqual("*"u8) ? PhpVisibility.Protected : PhpVisibility.Private;

    /// <summary>The declaring class of a private property; null for public and protected ones.</summary>
    public string? DeclaringClass
        => PhpProperty.Split(RawName, out ReadOnlySpan<byte> cls, out _) && !cls.SequenceEqual("*"u8) ? Encoding.UTF8.GetString(cls) : null;

    /// <summary>The value.</summary>
    public PhpElement Value => _entry.Value;
}
