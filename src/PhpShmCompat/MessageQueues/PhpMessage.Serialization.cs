using System.Diagnostics.CodeAnalysis;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>The serialized side of <see cref="PhpMessage"/>: PHP <c>unserialize()</c> of the payload.</summary>
public sealed partial class PhpMessage
{
    /// <summary>
    /// The payload as a PHP value, as <c>msg_receive(..., unserialize: true)</c> reads it (bytes after
    /// the value are ignored, like PHP, unless the options forbid them).
    /// </summary>
    /// <exception cref="PhpMessageCorruptedException">Not valid serialize() data ("Message corrupted"); the raw bytes stay in <see cref="Payload"/>.</exception>
    public PhpValue GetValue(PhpSerializerOptions? options = null)
    {
        try
        {
            return PhpSerialization.Unserialize(Payload, options);
        }
        catch (PhpSerializationException ex)
        {
            throw new PhpMessageCorruptedException(this, ex);
        }
    }

    /// <summary>Like <see cref="GetValue"/>, but returns false instead of throwing on corrupt data.</summary>
    public bool TryGetValue([NotNullWhen(true)] out PhpValue? value, PhpSerializerOptions? options = null)
    {
        try
        {
            value = PhpSerialization.Unserialize(Payload, options);
            return true;
        }
        catch (PhpSerializationException)
        {
            value = null;
            return false;
        }
    }

    /// <summary>The payload unserialized and converted to <typeparamref name="T"/> (the serializer's object mapping).</summary>
    /// <exception cref="PhpMessageCorruptedException">Not valid serialize() data, or it does not fit <typeparamref name="T"/>; the inner exception says why.</exception>
    public T? Deserialize<T>(PhpSerializerOptions? options = null)
    {
        try
        {
            return PhpSerialization.Deserialize<T>(Payload, options);
        }
        catch (PhpSerializationException ex)
        {
            throw new PhpMessageCorruptedException(this, ex);
        }
    }
}
