using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// State of one mapping deserialize call: the PHP objects already turned into .NET objects (so
/// <c>r:n;</c> repeats give the same .NET instance) and the path being read (used in error
/// messages such as <c>at $.friend.age</c>).
/// </summary>
public sealed class PhpReadContext
{
    private static readonly object UnderConstruction = new();
    private readonly PhpConverterCache _cache;
    private readonly List<PathSegment> _path = new();
    private Dictionary<PhpValue, object>? _materialized;

    private readonly record struct PathSegment(string? Name, PhpArrayKey Key);

    internal PhpReadContext(PhpConverterCache cache) => _cache = cache;

    /// <summary>The options of this call.</summary>
    public PhpSerializerOptions Options => _cache.Options;

    internal PhpConverterCache Cache => _cache;

    /// <summary>Converts a child value with the converter the options resolve for <typeparamref name="TValue"/>.</summary>
    /// <exception cref="PhpSerializationException">The value does not fit <typeparamref name="TValue"/>.</exception>
    public TValue ReadValue<TValue>(PhpValue value) => ReadValue(value, _cache.GetConverter<TValue>());

    /// <summary>An exception saying that <paramref name="value"/> cannot become <paramref name="target"/>, with the current path.</summary>
    public PhpSerializationException TypeMismatch(PhpValue value, Type target)
        => Error($"Cannot convert PHP {Describe(value)} to {TypeName(target)}");

    /// <summary>An exception with <paramref name="message"/> and the current path.</summary>
    public PhpSerializationException Error(string message) => new($"{message} at {Path}", -1);

    /// <summary>The path being read, like <c>$.friends[2].name</c>.</summary>
    public string Path
    {
        get
        {
            var sb = new StringBuilder("$");
            foreach (var s in _path)
            {
                if (s.Name is not null) sb.Append('.').Append(s.Name);
                else if (s.Key.IsInt) sb.Append('[').Append(s.Key.IntValue.ToString(CultureInfo.InvariantCulture)).Append(']');
                else sb.Append("[\"").Append(PhpValueDumper.EscapeBytes(s.Key.StringBytes)).Append("\"]");
            }
            return sb.ToString();
        }
    }

    internal T ReadValue<T>(PhpValue value, PhpConverter<T> converter)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error("The value is nested too deeply for the stack");
        PhpValue v = converter.WantsRawValue ? value : value.Dereference();
        if (v is PhpNull && !converter.HandleNull)
        {
            if (default(T) is null) return default!;
            throw Error($"PHP null cannot be converted to {TypeName(typeof(T))}");
        }
        return converter.Read(v, this);
    }

    /// <summary>The streaming counterpart of <see cref="ReadValue{T}(PhpValue, PhpConverter{T})"/>: PHP null, then the converter.</summary>
    internal bool TryReadStreaming<T>(ref FastTreeParser parser, PhpConverter<T> converter, out T value)
    {
        if (parser.NextIsNull && !converter.HandleNull)
        {
            value = default!;
            return default(T) is null && parser.TryReadNull(); // null into a non-nullable value type: the tree path reports it
        }
        return converter.TryReadStreaming(ref parser, this, out value);
    }

    internal void EnterProperty(string name, PhpArrayKey key) => _path.Add(new PathSegment(name, key));

    internal void EnterKey(PhpArrayKey key) => _path.Add(new PathSegment(null, key));

    internal void Exit() => _path.RemoveAt(_path.Count - 1);

    /// <summary>
    /// After a conversion error (the path is left where it failed): the same error with the byte
    /// offset of the offending value in <paramref name="data"/>, when it can be located.
    /// </summary>
    internal PhpSerializationException WithOffset(PhpSerializationException error, ReadOnlySpan<byte> data)
    {
        if (error.Offset >= 0 || _path.Count == 0) return error;
        var keys = new PhpArrayKey[_path.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = _path[i].Key;
        int offset = PhpPathLocator.Locate(data, Options, keys);
        return offset < 0 ? error : new PhpSerializationException(error.Reason, offset, error);
    }

    /// <summary>True when <paramref name="source"/> was already turned into a .NET object; throws when that object is still being constructed (a cycle through constructor parameters).</summary>
    internal bool TryGetMaterialized(PhpValue source, out object instance)
    {
        if (_materialized is not null && _materialized.TryGetValue(source, out instance!))
        {
            if (ReferenceEquals(instance, UnderConstruction))
                throw Error("The PHP object refers back to an object that is still being constructed (a cycle through constructor parameters cannot be rebuilt; give the type a parameterless constructor)");
            return true;
        }
        instance = null!;
        return false;
    }

    internal void MarkUnderConstruction(PhpValue source) => SetMaterialized(source, UnderConstruction);

    internal void SetMaterialized(PhpValue source, object instance)
    {
        _materialized ??= new Dictionary<PhpValue, object>(ReferenceEqualityComparer.Instance);
        if (!_materialized.TryGetValue(source, out var existing) || ReferenceEquals(existing, UnderConstruction))
            _materialized[source] = instance;
    }

    internal static string Describe(PhpValue v) => v switch
    {
        PhpNull => "null",
        PhpBool b => b.Value ? "bool(true)" : "bool(false)",
        PhpInt i => $"int({i.Value.ToString(CultureInfo.InvariantCulture)})",
        PhpFloat => "float",
        PhpString s => $"string({s.Length})",
        PhpArray a => $"array({a.Count})",
        PhpObject o => $"object of class '{o.ClassName}'",
        PhpEnumCase e => $"enum case {e.ClassName}::{e.CaseName}",
        PhpSerializableObject c => $"Serializable object of class '{c.ClassName}'",
        _ => v.Kind.ToString(),
    };

    internal static string TypeName(Type t)
    {
        if (!t.IsGenericType) return t.FullName ?? t.Name;
        string name = t.Name;
        int tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return $"{t.Namespace}.{name}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>";
    }
}
