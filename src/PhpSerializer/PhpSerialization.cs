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
}
