using System.Text;

namespace PhpSerializer;

/// <summary>
/// An object of a class implementing PHP's <c>Serializable</c> interface, serialized as
/// <c>C:n:"Class":m:{payload}</c>. The payload is whatever the class's <c>serialize()</c>
/// returned and is kept as raw bytes. When the payload is itself serialize() output (the usual
/// <c>return serialize($this->data);</c>), its values share the outer reference counter, exactly
/// as in PHP; the reader and writer account for that.
/// </summary>
public sealed class PhpSerializableObject : PhpValue
{
    private readonly byte[] _className;
    private readonly byte[] _payload;
    private long _payloadSlots = -1;

    /// <summary>Creates a <c>C:</c> object from a class name and raw payload bytes.</summary>
    public PhpSerializableObject(string className, ReadOnlySpan<byte> payload)
        : this(Encoding.UTF8.GetBytes(className ?? throw new ArgumentNullException(nameof(className))), payload.ToArray()) { }

    /// <summary>Creates a <c>C:</c> object from class name bytes and raw payload bytes.</summary>
    public PhpSerializableObject(ReadOnlySpan<byte> className, ReadOnlySpan<byte> payload)
        : this(className.ToArray(), payload.ToArray()) { }

    internal PhpSerializableObject(byte[] className, byte[] payload)
    {
        _className = className;
        _payload = payload;
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Serializable;

    /// <summary>Class name as UTF-8 text.</summary>
    public string ClassName => Encoding.UTF8.GetString(_className);

    /// <summary>Class name bytes.</summary>
    public ReadOnlySpan<byte> ClassNameBytes => _className;

    /// <summary>The raw payload bytes (between the braces).</summary>
    public ReadOnlySpan<byte> Payload => _payload;

    /// <summary>How many values PHP numbers inside the payload (0 unless it is one complete serialized value).</summary>
    internal long GetPayloadSlotCount(PhpSerializerOptions options)
    {
        long n = _payloadSlots;
        if (n < 0) _payloadSlots = n = PhpSerializedReader.CountPayloadSlots(_payload, options);
        return n;
    }
}
