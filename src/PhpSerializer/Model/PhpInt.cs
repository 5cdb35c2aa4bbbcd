namespace PhpSerializer;

/// <summary>PHP int: a 64-bit signed integer (<c>zend_long</c> on 64-bit PHP).</summary>
public sealed class PhpInt : PhpValue
{
    /// <summary>Creates a PHP int.</summary>
    public PhpInt(long value) => Value = value;

    /// <summary>The integer value.</summary>
    public long Value { get; }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Int;
}
