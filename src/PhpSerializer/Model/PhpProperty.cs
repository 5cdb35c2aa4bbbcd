using System.Text;

namespace PhpSerializer;

/// <summary>
/// One object property: its key exactly as serialized (the mangled name, or an int key written
/// by a <c>__serialize()</c> array), the value, and the unmangled name, visibility and declaring
/// class derived from the key (<c>\0*\0name</c> protected, <c>\0Class\0name</c> private).
/// </summary>
public sealed class PhpProperty : IEquatable<PhpProperty>
{
    /// <summary>Creates a property from its unmangled name.</summary>
    /// <param name="name">Property name.</param>
    /// <param name="value">Property value.</param>
    /// <param name="visibility">Visibility.</param>
    /// <param name="declaringClass">Declaring class; required for private properties, ignored otherwise.</param>
    public PhpProperty(string name, PhpValue value, PhpVisibility visibility = PhpVisibility.Public, string? declaringClass = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        Key = PhpArrayKey.OwnedString(visibility switch
        {
            PhpVisibility.Public => nameBytes,
            PhpVisibility.Protected => Mangle("*"u8, nameBytes),
            PhpVisibility.Private => Mangle(Encoding.UTF8.GetBytes(declaringClass ?? throw new ArgumentNullException(nameof(declaringClass), "A private property needs its declaring class.")), nameBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(visibility)),
        });
        Value = value;
    }

    private PhpProperty(PhpArrayKey key, PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Key = key;
        Value = value;
    }

    /// <summary>A property from its raw serialized key (mangled string or int), kept exactly.</summary>
    public static PhpProperty FromKey(PhpArrayKey key, PhpValue value) => new(key, value);

    /// <summary>The key exactly as serialized (mangled name bytes or int).</summary>
    public PhpArrayKey Key { get; }

    /// <summary>The value.</summary>
    public PhpValue Value { get; }

    /// <summary>A copy with another value.</summary>
    public PhpProperty WithValue(PhpValue value) => new(Key, value);

    /// <summary>The unmangled name bytes (for an int key, its decimal digits).</summary>
    public ReadOnlySpan<byte> NameBytes
    {
        get
        {
            if (Key.IsInt) return Encoding.ASCII.GetBytes(Key.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return UnmangledBytes(Key.StringBytes);
        }
    }

    /// <summary>The unmangled name as UTF-8 text.</summary>
    public string Name => Encoding.UTF8.GetString(NameBytes);

    /// <summary>The unmangled name of a string property key (<c>\0*\0name</c>, <c>\0Class\0name</c> or <c>name</c>) as UTF-8 text.</summary>
    internal static string UnmangledName(ReadOnlySpan<byte> key) => Encoding.UTF8.GetString(UnmangledBytes(key));

    private static ReadOnlySpan<byte> UnmangledBytes(ReadOnlySpan<byte> key) => Split(key, out _, out int nameStart) ? key[nameStart..] : key;

    /// <summary>Visibility derived from the key.</summary>
    public PhpVisibility Visibility
    {
        get
        {
            if (Key.IsInt || !Split(Key.StringBytes, out var cls, out _)) return PhpVisibility.Public;
            return cls.SequenceEqual("*"u8) ? PhpVisibility.Protected : PhpVisibility.Private;
        }
    }

    /// <summary>The declaring class of a private property; null for public and protected ones.</summary>
    public string? DeclaringClass
    {
        get
        {
            if (Key.IsInt || !Split(Key.StringBytes, out var cls, out _) || cls.SequenceEqual("*"u8)) return null;
            return Encoding.UTF8.GetString(cls);
        }
    }

    /// <summary>Same serialized key and structurally equal value.</summary>
    public bool Equals(PhpProperty? other) => other is not null && Key.Equals(other.Key) && Value.Equals(other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhpProperty p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Key, Value.GetHashCode());

    /// <inheritdoc />
    public override string ToString() => $"{PhpValueDumper.PropertyLabel(this)} => {Value.ToString().TrimEnd()}";

    private static byte[] Mangle(ReadOnlySpan<byte> cls, ReadOnlySpan<byte> name)
    {
        var b = new byte[cls.Length + name.Length + 2];
        cls.CopyTo(b.AsSpan(1));
        name.CopyTo(b.AsSpan(cls.Length + 2));
        return b;
    }

    // "\0cls\0name": true with the class bytes and the name start; false for plain (public) names.
    internal static bool Split(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> cls, out int nameStart)
    {
        cls = default;
        nameStart = 0;
        if (raw.Length < 2 || raw[0] != 0) return false;
        int end = raw[1..].IndexOf((byte)0);
        if (end < 0) return false;
        cls = raw.Slice(1, end);
        nameStart = end + 2;
        return true;
    }
}
