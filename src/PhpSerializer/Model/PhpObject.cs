using System.Collections;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// A PHP object of any class, known or not (like <c>__PHP_Incomplete_Class</c>, it keeps the
/// original class name and re-serializes unchanged). Properties are ordered; identity matters:
/// the same <see cref="PhpObject"/> instance appearing twice in a value is the same PHP object
/// (written as <c>r:n;</c> the second time).
/// </summary>
public sealed class PhpObject : PhpValue, IEnumerable<PhpProperty>
{
    private byte[] _className;
    private OrderedKeyMap<PhpValue> _props; // serialized key -> value; PhpProperty objects are made on request

    /// <summary>Creates an object of class <paramref name="className"/> (for example <c>"stdClass"</c>).</summary>
    public PhpObject(string className) : this(Encoding.UTF8.GetBytes(className ?? throw new ArgumentNullException(nameof(className))), 0) { }

    /// <summary>Creates an object whose class name is the given bytes.</summary>
    public PhpObject(ReadOnlySpan<byte> className) : this(className.ToArray(), 0) { }

    internal PhpObject(byte[] className, int capacity)
    {
        _className = className;
        _props = new OrderedKeyMap<PhpValue>(capacity);
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Object;

    /// <summary>Class name as UTF-8 text.</summary>
    public string ClassName => Encoding.UTF8.GetString(_className);

    /// <summary>Class name bytes as serialized.</summary>
    public ReadOnlySpan<byte> ClassNameBytes => _className;

    /// <summary>Number of properties.</summary>
    public int Count => _props.Count;

    /// <summary>How many entries fit before the storage grows.</summary>
    internal int Capacity => _props.Capacity;

    /// <summary>The properties in serialized order.</summary>
    public IEnumerable<PhpProperty> Properties
    {
        get
        {
            for (int i = 0; i < _props.Count; i++) yield return GetPropertyAt(i);
        }
    }

    /// <summary>The property at position <paramref name="index"/>.</summary>
    public PhpProperty GetPropertyAt(int index)
    {
        ref readonly var entry = ref _props.EntryAt(index);
        return PhpProperty.FromKey(entry.Key, entry.Value);
    }

    /// <summary>The (serialized key, value) at position <paramref name="index"/>, without creating a <see cref="PhpProperty"/>.</summary>
    internal ref readonly KeyValuePair<PhpArrayKey, PhpValue> EntryAt(int index) => ref _props.EntryAt(index);

    /// <summary>Adds a property, or replaces (in place) the one with the same serialized key.</summary>
    public void Set(PhpProperty property)
    {
        ArgumentNullException.ThrowIfNull(property);
        _props.Set(property.Key, property.Value);
    }

    /// <summary>Adds or replaces a property given by unmangled name and visibility.</summary>
    public void Set(string name, PhpValue value, PhpVisibility visibility = PhpVisibility.Public, string? declaringClass = null)
        => Set(new PhpProperty(name, value, visibility, declaringClass));

    /// <summary>Same as <see cref="Set(PhpProperty)"/> (for collection initialisers).</summary>
    public void Add(PhpProperty property) => Set(property);

    /// <summary>Same as <see cref="Set(string, PhpValue, PhpVisibility, string?)"/> for a public property (collection initialisers).</summary>
    public void Add(string name, PhpValue value) => Set(name, value);

    /// <summary>Looks up a property by its exact serialized key.</summary>
    public bool TryGetByKey(PhpArrayKey key, out PhpProperty property)
    {
        int i = _props.IndexOf(key);
        property = i >= 0 ? GetPropertyAt(i) : null!;
        return i >= 0;
    }

    /// <summary>
    /// Finds the first property named <paramref name="name"/> (unmangled), of any visibility
    /// unless <paramref name="visibility"/> is given. Returns null when there is none.
    /// </summary>
    public PhpProperty? Find(string name, PhpVisibility? visibility = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        int max = Encoding.UTF8.GetMaxByteCount(name.Length);
        Span<byte> buffer = max <= 256 ? stackalloc byte[max] : new byte[max];
        ReadOnlySpan<byte> target = buffer[..Encoding.UTF8.GetBytes(name, buffer)];
        for (int i = 0; i < _props.Count; i++)
        {
            var p = GetPropertyAt(i);
            if ((visibility is null || p.Visibility == visibility) && p.NameBytes.SequenceEqual(target)) return p;
        }
        return null;
    }

    /// <summary>Removes the property with the given serialized key.</summary>
    public bool Remove(PhpArrayKey key) => _props.Remove(key);

    /// <summary>Enumerates the properties in serialized order.</summary>
    public IEnumerator<PhpProperty> GetEnumerator() => Properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal int IndexOfKey(PhpArrayKey key) => _props.IndexOf(key);

    /// <summary>Appends a property whose key the caller knows is not there yet (no lookup).</summary>
    internal void AppendNew(PhpArrayKey key, PhpValue value) => _props.AppendNew(key, value);

    internal int Put(PhpArrayKey key, PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _props.Put(key, value);
    }

    internal void RemoveAt(int index) => _props.Remove(_props.EntryAt(index).Key);

    internal void SetClassName(byte[] className) => _className = className;

    internal void SetValueAt(int index, PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _props.SetAt(index, value);
    }
}
