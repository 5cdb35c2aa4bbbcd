using System.Reflection;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// The explicit map from PHP class names to .NET types. Input can only ever create .NET objects
/// of types registered here (or the exact type the caller asked for); class names are never
/// resolved with <c>Type.GetType</c>. Lookups ignore ASCII case, like PHP class names.
/// Register everything before the options are first used.
/// </summary>
public sealed class PhpClassMap
{
    private readonly PhpSerializerOptions _owner;
    private readonly Dictionary<string, Type> _byName = new(AsciiIgnoreCaseComparer.Instance);
    private readonly Dictionary<Type, string> _byType = new();

    internal PhpClassMap(PhpSerializerOptions owner) => _owner = owner;

    /// <summary>Number of registered classes.</summary>
    public int Count => _byName.Count;

    /// <summary>Registers <typeparamref name="T"/> under its <see cref="PhpClassAttribute"/> (or, for enums, <see cref="PhpEnumAttribute"/>) name.</summary>
    /// <exception cref="ArgumentException">The type has no such attribute, or the name or type is already registered.</exception>
    public PhpClassMap Add<T>() => Add(typeof(T));

    /// <summary>Registers <typeparamref name="T"/> as PHP class <paramref name="phpClassName"/>.</summary>
    public PhpClassMap Add<T>(string phpClassName) => Add(typeof(T), phpClassName);

    /// <summary>Registers <paramref name="type"/> under its attribute name.</summary>
    public PhpClassMap Add(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        string name = AttributeName(type) ?? throw new ArgumentException($"{type} has no [PhpClass] or [PhpEnum] attribute; pass the PHP class name.", nameof(type));
        return Add(type, name);
    }

    /// <summary>Registers <paramref name="type"/> as PHP class <paramref name="phpClassName"/>.</summary>
    /// <exception cref="ArgumentException">Invalid name, or the name or type is already registered.</exception>
    /// <exception cref="InvalidOperationException">The options are already in use.</exception>
    public PhpClassMap Add(Type type, string phpClassName)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(phpClassName);
        _owner.ThrowIfInUse();
        if (type.IsAbstract || type.IsInterface) throw new ArgumentException($"{type} is abstract; register concrete types.", nameof(type));
        if (type.IsGenericTypeDefinition) throw new ArgumentException($"{type} is an open generic type.", nameof(type));
        if (PhpFormat.FirstInvalidClassNameByte(Encoding.UTF8.GetBytes(phpClassName)) >= 0)
            throw new ArgumentException($"'{phpClassName}' is not a PHP class name.", nameof(phpClassName));
        if (_byName.TryGetValue(phpClassName, out var existing)) throw new ArgumentException($"PHP class '{phpClassName}' is already mapped to {existing}.", nameof(phpClassName));
        if (_byType.TryGetValue(type, out var existingName)) throw new ArgumentException($"{type} is already mapped to PHP class '{existingName}'.", nameof(type));
        _byName.Add(phpClassName, type);
        _byType.Add(type, phpClassName);
        return this;
    }

    /// <summary>The .NET type registered for a PHP class name (ASCII case-insensitive).</summary>
    public bool TryGetType(string phpClassName, out Type type) => _byName.TryGetValue(phpClassName, out type!);

    /// <summary>The .NET type registered for PHP class name bytes.</summary>
    public bool TryGetType(ReadOnlySpan<byte> phpClassName, out Type type)
    {
        if (_byName.Count == 0)
        {
            type = null!;
            return false;
        }
        return _byName.TryGetValue(Encoding.UTF8.GetString(phpClassName), out type!);
    }

    /// <summary>The PHP class name registered for <paramref name="type"/>.</summary>
    public bool TryGetName(Type type, out string phpClassName) => _byType.TryGetValue(type, out phpClassName!);

    /// <summary>The PHP name for a type: its registration, else its <see cref="PhpClassAttribute"/>/<see cref="PhpEnumAttribute"/>; null when neither.</summary>
    internal string? NameOf(Type type) => _byType.TryGetValue(type, out var n) ? n : AttributeName(type);

    internal static string? AttributeName(Type type)
        => type.GetCustomAttribute<PhpClassAttribute>()?.Name ?? type.GetCustomAttribute<PhpEnumAttribute>()?.Name;

    /// <summary>PHP compares class names ignoring ASCII case only.</summary>
    internal sealed class AsciiIgnoreCaseComparer : IEqualityComparer<string>
    {
        public static readonly AsciiIgnoreCaseComparer Instance = new();

        public bool Equals(string? x, string? y)
        {
            if (x is null || y is null) return ReferenceEquals(x, y);
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
            {
                if (Lower(x[i]) != Lower(y[i])) return false;
            }
            return true;
        }

        public int GetHashCode(string s)
        {
            var h = new HashCode();
            foreach (char c in s) h.Add(Lower(c));
            return h.ToHashCode();
        }

        public static bool EqualBytes(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
        {
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
            {
                if (Lower((char)x[i]) != Lower((char)y[i])) return false;
            }
            return true;
        }

        private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
    }
}
