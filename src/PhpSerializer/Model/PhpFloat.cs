namespace PhpSerializer;

/// <summary>PHP float: an IEEE 754 double. <c>-0.0</c>, infinities and NaN are kept.</summary>
public sealed class PhpFloat : PhpValue
{
    /// <summary>Creates a PHP float.</summary>
    public PhpFloat(double value) => Value = value;

    /// <summary>The double value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Float;
}
