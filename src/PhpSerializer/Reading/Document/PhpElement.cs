using System.Text;

namespace PhpSerializer;

/// <summary>
/// One value of a <see cref="PhpDocument"/>, shaped like <c>JsonElement</c>: a small struct that
/// reads the value where it lies. Getters throw <see cref="InvalidOperationException"/> when the
/// value is of another kind, and <see cref="ObjectDisposedException"/> once the document is disposed.
/// </summary>
public readonly partial struct PhpElement
{
    private readonly PhpDocument _document;
    private readonly int _row;          // indexed documents: the row; -1 for a value-model element
    private readonly PhpValue? _value;  // value-model documents: the value (references dereferenced)
    private readonly int _generation;   // the document's content this element belongs to

    internal PhpElement(PhpDocument document, int row, PhpValue? value)
    {
        _document = document;
        _row = row;
        _value = value?.Dereference();
        _generation = document.Generation;
    }

    private ref readonly DocumentRow Row => ref _document.Row(_row, _generation);

    /// <summary>Throws when the document was disposed or loaded with other content since this element was made.</summary>
    internal void CheckLive() => _document.CheckLive(_generation);

    /// <summary>The kind of value: Null, Bool, Int, Float, String, Array, Object, EnumCase or Serializable (references are resolved to their targets).</summary>
    public PhpValueKind Kind
    {
        get
        {
            if (_value is not null)
            {
                CheckLive();
                return _value.Kind;
            }
            return Row.Kind switch
            {
                DocumentRowKind.Null => PhpValueKind.Null,
                DocumentRowKind.Bool => PhpValueKind.Bool,
                DocumentRowKind.Int => PhpValueKind.Int,
                DocumentRowKind.Float => PhpValueKind.Float,
                DocumentRowKind.String => PhpValueKind.String,
                DocumentRowKind.Array => PhpValueKind.Array,
                _ => PhpValueKind.Object,
            };
        }
    }

    /// <summary>The int value.</summary>
    public long GetInt64() => _value is not null ? Tree<PhpInt>().Value : Expect(DocumentRowKind.Int).Bits;

    /// <summary>The float value.</summary>
    public double GetDouble() => _value is not null ? Tree<PhpFloat>().Value : _document.FloatAt(Expect(DocumentRowKind.Float).Start);

    /// <summary>The bool value.</summary>
    public bool GetBoolean() => _value is not null ? Tree<PhpBool>().Value : Expect(DocumentRowKind.Bool).Bits != 0;

    /// <summary>The string's bytes, where they lie (valid while the document is).</summary>
    public ReadOnlySpan<byte> GetBytes()
    {
        if (_value is not null) return Tree<PhpString>().Span;
        ref readonly DocumentRow row = ref Expect(DocumentRowKind.String);
        return _document.Bytes(row.Start, row.Length);
    }

    /// <summary>The string decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string GetString() => Encoding.UTF8.GetString(GetBytes());

    /// <summary>True for null.</summary>
    public bool IsNull => Kind == PhpValueKind.Null;

    /// <summary>The class name of an object (or of an enum case, or a <c>C:</c> object).</summary>
    public ReadOnlySpan<byte> GetClassNameBytes()
    {
        if (_value is not null)
        {
            CheckLive();
            return _value switch
            {
                PhpObject o => o.ClassNameBytes,
                PhpSerializableObject c => c.ClassNameBytes,
                PhpEnumCase e => e.SerializedName[..e.SerializedName.IndexOf((byte)':')],
                _ => throw WrongKind("an object"),
            };
        }
        ref readonly DocumentRow row = ref Row;
        if (row.Kind != DocumentRowKind.Object) throw WrongKind("an object");
        return _document.Bytes((int)(row.Bits >> 32), (int)(uint)row.Bits);
    }

    /// <summary>The class name of an object as UTF-8 text.</summary>
    public string GetClassName() => Encoding.UTF8.GetString(GetClassNameBytes());

    /// <summary>The number of elements of an array or properties of an object.</summary>
    public int GetCount()
    {
        if (_value is not null)
        {
            CheckLive();
            return _value switch
            {
                PhpArray a => a.Count,
                PhpObject o => o.Count,
                _ => throw WrongKind("an array or object"),
            };
        }
        ref readonly DocumentRow row = ref Row;
        if (row.Kind is not (DocumentRowKind.Array or DocumentRowKind.Object)) throw WrongKind("an array or object");
        return row.Count;
    }

    /// <summary>The value of the full value model (a new tree, for code that needs one).</summary>
    public PhpValue ToValue()
    {
        if (_value is not null)
        {
            CheckLive();
            return _value;
        }
        ref readonly DocumentRow row = ref Row;
        return row.Kind switch
        {
            DocumentRowKind.Null => PhpNull.Instance,
            DocumentRowKind.Bool => PhpBool.From(row.Bits != 0),
            DocumentRowKind.Int => PhpInt.From(row.Bits),
            DocumentRowKind.Float => new PhpFloat(_document.FloatAt(row.Start)),
            DocumentRowKind.String => PhpString.FromOwnedBytes(_document.Bytes(row.Start, row.Length).ToArray()),
            // A container's bytes are one well-formed value with no references out of it.
            _ => PhpSerialization.Unserialize(_document.Bytes(row.Start, row.Length), _document.Options),
        };
    }

    /// <summary>Maps this value to <typeparamref name="T"/> as <see cref="PhpSerialization.Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> does.</summary>
    /// <exception cref="PhpSerializationException">The value does not fit <typeparamref name="T"/>.</exception>
    public T? Deserialize<T>(PhpSerializerOptions? options = null)
    {
        if (_value is not null)
        {
            CheckLive();
            return PhpSerialization.Deserialize<T>(PhpSerialization.Serialize(_value, options), options);
        }
        ref readonly DocumentRow row = ref Row;
        if (row.Kind is DocumentRowKind.Array or DocumentRowKind.Object)
            return PhpSerialization.Deserialize<T>(_document.Bytes(row.Start, row.Length), options);
        return PhpSerialization.Deserialize<T>(PhpSerialization.Serialize(ToValue(), options), options);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PhpValueKind.String => GetString(),
        _ => ToValue().ToString(),
    };

    private T Tree<T>() where T : PhpValue
    {
        CheckLive();
        return _value as T ?? throw WrongKind(typeof(T).Name[3..].ToLowerInvariant());
    }

    private ref readonly DocumentRow Expect(DocumentRowKind kind)
    {
        ref readonly DocumentRow row = ref Row;
        if (row.Kind != kind) throw WrongKind(kind.ToString().ToLowerInvariant());
        return ref row;
    }

    private InvalidOperationException WrongKind(string expected) => new($"The element is {Kind}, not {expected}");
}
