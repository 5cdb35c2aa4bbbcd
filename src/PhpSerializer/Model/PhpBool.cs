namespace PhpSerializer;

/// <summary>PHP bool. Use <see cref="True"/>, <see cref="False"/> or <see cref="From"/>.</summary>
public sealed class PhpBool : PhpValue
{
    /// <summary>PHP <c>true</c>.</summary>
    public static readonly PhpBool True = new(true);

    /// <summary>PHP <c>false</c>.</summary>
    public static readonly PhpBool False = new(false);

    private PhpBool(bool value) => Value = value;

    /// <summary>The boolean value.</summary>
    public bool Value { get; }

    /// <summary>Returns the shared instance for <paramref name="value"/>.</summary>
    public static PhpBool From(bool value) => value ? True : False;

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Bool;
}
