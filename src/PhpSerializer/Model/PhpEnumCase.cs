using System.Text;

namespace PhpSerializer;

/// <summary>
/// A PHP 8.1+ enum case, serialized as <c>E:n:"Class:Case";</c>. Enum cases are singletons in
/// PHP, so two equal <see cref="PhpEnumCase"/> values in one serialized value are the same
/// object: the second is written as <c>r:n;</c>.
/// </summary>
public sealed class PhpEnumCase : PhpValue
{
    private readonly byte[] _text; // "Class:Case" exactly as serialized
    private readonly int _colon;

    /// <summary>Creates the enum case <paramref name="className"/>::<paramref name="caseName"/>.</summary>
    public PhpEnumCase(string className, string caseName)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(caseName);
        if (className.Contains(':')) throw new ArgumentException("An enum class name cannot contain ':'.", nameof(className));
        _text = Encoding.UTF8.GetBytes(className + ":" + caseName);
        _colon = Encoding.UTF8.GetByteCount(className);
    }

    /// <summary>Creates an enum case from the serialized <c>Class:Case</c> bytes (split at the first ':').</summary>
    public PhpEnumCase(ReadOnlySpan<byte> classColonCase)
    {
        _colon = classColonCase.IndexOf((byte)':');
        if (_colon < 0) throw new ArgumentException("Enum case text must be 'Class:Case'.", nameof(classColonCase));
        _text = classColonCase.ToArray();
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.EnumCase;

    /// <summary>The enum class name.</summary>
    public string ClassName => Encoding.UTF8.GetString(_text, 0, _colon);

    /// <summary>The case name.</summary>
    public string CaseName => Encoding.UTF8.GetString(_text, _colon + 1, _text.Length - _colon - 1);

    /// <summary>The serialized <c>Class:Case</c> bytes.</summary>
    public ReadOnlySpan<byte> SerializedName => _text;
}
