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
        ArgumentNullException.ThrowIfNull(value);
        if (FastTreeWriter.TrySerialize(value, options ?? PhpSerializerOptions.Default) is { } fast) return fast;
        ArrayBufferWriter<byte> buffer = SerializeBuffer.Rent();
        try
        {
            SerializeGeneral(buffer, value, options);
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
        if (FastTreeWriter.TrySerialize(output, value, options ?? PhpSerializerOptions.Default)) return;
        SerializeGeneral(output, value, options);
    }

    // The general path: reference numbering (r:/R:), enum cases, C: objects, any depth, and the
    // limit exceptions. FastTreeWriter handles the common trees and leaves the rest to this.
    internal static void SerializeGeneral(IBufferWriter<byte> output, PhpValue value, PhpSerializerOptions? options)
    {
        var writer = new PhpSerializedWriter(output, options);
        TreeWriter.Write(writer, value, options);
        writer.Flush();
    }
}
