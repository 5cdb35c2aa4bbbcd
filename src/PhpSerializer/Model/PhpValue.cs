using System.Diagnostics;

namespace PhpSerializer;

/// <summary>
/// A PHP value, as carried by PHP's <c>serialize()</c> format, without loss: see the derived
/// kinds (<see cref="PhpNull"/>, <see cref="PhpBool"/>, <see cref="PhpInt"/>, <see cref="PhpFloat"/>,
/// <see cref="PhpString"/>, <see cref="PhpArray"/>, <see cref="PhpObject"/>, <see cref="PhpEnumCase"/>,
/// <see cref="PhpSerializableObject"/>, <see cref="PhpReference"/>).
/// <see cref="Equals(PhpValue?)"/> is structural (cycles allowed); <see cref="ToString"/> is a
/// <c>var_dump</c>-like rendering.
/// </summary>
[DebuggerDisplay("{DebuggerSummary,nq}")]
public abstract class PhpValue : IEquatable<PhpValue>
{
    private protected PhpValue() { }

    /// <summary>The kind of value.</summary>
    public abstract PhpValueKind Kind { get; }

    /// <summary>The value itself, or for a <see cref="PhpReference"/> the value in the cell.</summary>
    public PhpValue Dereference() => this is PhpReference r ? r.Value : this;

    /// <summary>Structural equality: same kinds, same scalars/bytes, same keys in the same order, same classes.</summary>
    public bool Equals(PhpValue? other) => other is not null && PhpValueEquality.AreEqual(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhpValue v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode() => PhpValueEquality.ShallowHash(this);

    /// <summary>A <c>var_dump</c>-like multi-line rendering (bytes that are not printable UTF-8 are shown as <c>\xNN</c>).</summary>
    public override string ToString() => PhpValueDumper.Dump(this);

    internal string DebuggerSummary => PhpValueDumper.Summary(this);

    /// <summary>PHP bool.</summary>
    public static implicit operator PhpValue(bool value) => PhpBool.From(value);

    /// <summary>PHP int.</summary>
    public static implicit operator PhpValue(long value) => new PhpInt(value);

    /// <summary>PHP float.</summary>
    public static implicit operator PhpValue(double value) => new PhpFloat(value);

    /// <summary>PHP string (UTF-8 bytes of <paramref name="value"/>); null becomes PHP null.</summary>
    public static implicit operator PhpValue(string? value) => value is null ? PhpNull.Instance : new PhpString(value);

    /// <summary>PHP string holding a copy of <paramref name="bytes"/>; null becomes PHP null.</summary>
    public static implicit operator PhpValue(byte[]? bytes) => bytes is null ? PhpNull.Instance : new PhpString(bytes);
}
