using System.Buffers;

namespace PhpSerializer;

/// <summary>
/// Entry points: PHP <c>serialize()</c>/<c>unserialize()</c> for <see cref="PhpValue"/> trees.
/// (Object mapping, <c>Serialize&lt;T&gt;</c>/<c>Deserialize&lt;T&gt;</c>, lives in another part of this class.)
/// </summary>
public static partial class PhpSerialization
{
    /// <summary>Serializes <paramref name="value"/> exactly as PHP's <c>serialize()</c> would.</summary>
    /// <exception cref="PhpSerializationException">A limit in <paramref name="options"/> was exceeded.</exception>
    public static byte[] Serialize(PhpValue value, PhpSerializerOptions? options = null)
    {
        ArrayBufferWriter<byte> buffer = SerializeBuffer.Rent();
        try
        {
            Serialize(buffer, value, options);
            return SerializeBuffer.ToArray(buffer);
        }
        finally
        {
            SerializeBuffer.Return(buffer);
        }
    }

    /// <summary>Serializes <paramref name="value"/> into <paramref name="output"/>.</summary>
    /// <exception cref="PhpSerializationException">A limit in <paramref name="options"/> was exceeded.</exception>
    public static void Serialize(IBufferWriter<byte> output, PhpValue value, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        var writer = new PhpSerializedWriter(output, options);
        PhpValueSerializer.Write(writer, value, options);
        writer.Flush();
    }

    /// <summary>Parses PHP <c>serialize()</c> bytes into a value tree, accepting exactly what PHP 8.2 accepts.</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit; <see cref="PhpSerializationException.Offset"/> says where.</exception>
    public static PhpValue Unserialize(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
        => Unserialize(data, out _, options);

    /// <summary>Parses one value and reports how many bytes it used (trailing bytes are allowed unless the options forbid them).</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit.</exception>
    public static PhpValue Unserialize(ReadOnlySpan<byte> data, out int bytesConsumed, PhpSerializerOptions? options = null)
    {
        var reader = new PhpSerializedReader(data, options);
        PhpValue value = PhpValueBuilder.Build(ref reader);
        bytesConsumed = reader.BytesConsumed;
        if (bytesConsumed != data.Length && !(options ?? PhpSerializerOptions.Default).AllowTrailingBytes)
            throw new PhpSerializationException("Unexpected bytes after the serialized value", bytesConsumed);
        return value;
    }

    /// <summary>Parses PHP <c>serialize()</c> bytes held in a (possibly multi-segment) sequence.</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit.</exception>
    public static PhpValue Unserialize(ReadOnlySequence<byte> data, PhpSerializerOptions? options = null)
        => data.IsSingleSegment ? Unserialize(data.FirstSpan, options) : Unserialize(data.ToArray(), options);
}
