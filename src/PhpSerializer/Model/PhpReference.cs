namespace PhpSerializer;

/// <summary>
/// A PHP reference cell (<c>&amp;$x</c>). Every place in a value tree that holds the same
/// <see cref="PhpReference"/> instance shares the cell: the first occurrence is serialized as
/// its plain value, later ones as <c>R:n;</c>, exactly as PHP does.
/// </summary>
public sealed class PhpReference : PhpValue
{
    private PhpValue _value;

    /// <summary>
    /// Places PHP still holds this cell in without writing them (the __PHP_Incomplete_Class_Name
    /// property of an incomplete object): they count when deciding whether the cell is shared.
    /// </summary>
    internal int UnwrittenHolders { get; set; }

    /// <summary>Creates a reference cell holding <paramref name="value"/> (which must not itself be a reference).</summary>
    public PhpReference(PhpValue value) => _value = Check(value);

    /// <summary>The value inside the cell; setting it changes it for every sharer.</summary>
    public PhpValue Value
    {
        get => _value;
        set => _value = Check(value);
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Reference;

    private static PhpValue Check(PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is PhpReference) throw new ArgumentException("A PHP reference cannot hold another reference.", nameof(value));
        return value;
    }
}
