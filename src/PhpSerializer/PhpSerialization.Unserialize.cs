using System.Buffers;

namespace PhpSerializer;

/// <summary>Unserialize entry points for <see cref="PhpValue"/> trees.</summary>
public static partial class PhpSerialization
{
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
