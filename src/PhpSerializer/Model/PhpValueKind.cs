namespace PhpSerializer;

/// <summary>The kind of a <see cref="PhpValue"/>: one per PHP serialize() value form.</summary>
public enum PhpValueKind
{
    /// <summary>PHP <c>null</c> (<c>N;</c>).</summary>
    Null,
    /// <summary>PHP bool (<c>b:0;</c> / <c>b:1;</c>).</summary>
    Bool,
    /// <summary>PHP int, a 64-bit signed integer (<c>i:n;</c>).</summary>
    Int,
    /// <summary>PHP float, an IEEE double (<c>d:...;</c>).</summary>
    Float,
    /// <summary>PHP string: raw bytes (<c>s:n:"...";</c>).</summary>
    String,
    /// <summary>PHP ordered array with int|string keys (<c>a:n:{...}</c>).</summary>
    Array,
    /// <summary>PHP object with ordered properties (<c>O:...</c>).</summary>
    Object,
    /// <summary>PHP 8.1+ enum case (<c>E:n:"Class:Case";</c>).</summary>
    EnumCase,
    /// <summary>Object of a class implementing <c>Serializable</c> (<c>C:...</c>), kept as class and raw payload.</summary>
    Serializable,
    /// <summary>A shared PHP reference cell (<c>&amp;</c>, written as <c>R:n;</c> on repeats).</summary>
    Reference,
}
