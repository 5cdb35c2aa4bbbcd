namespace PhpSerializer;

/// <summary>PHP <c>null</c>. Use <see cref="Instance"/>.</summary>
public sealed class PhpNull : PhpValue
{
    /// <summary>The one null value.</summary>
    public static readonly PhpNull Instance = new();

    private PhpNull() { }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Null;
}
