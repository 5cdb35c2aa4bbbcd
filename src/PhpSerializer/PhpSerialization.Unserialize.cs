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
        => Unserialize(data, null, 0, out bytesConsumed, options ?? PhpSerializerOptions.Default);

    /// <summary>
    /// Parses PHP <c>serialize()</c> bytes into a value tree <em>without copying string bodies</em>:
    /// each <see cref="PhpString"/> in the result may be a view of <paramref name="data"/>'s memory
    /// (like <c>JsonDocument.Parse(ReadOnlyMemory&lt;byte&gt;)</c>), which makes large strings
    /// free to read. The caller must not modify <paramref name="data"/> while the result (or any
    /// string taken from it) is in use, and must not pass memory that another process can change
    /// (such as a shared-memory mapping). Memory that is not backed by an array is copied as usual.
    /// Accepts and rejects exactly what <see cref="Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> does.
    /// </summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit; <see cref="PhpSerializationException.Offset"/> says where.</exception>
    public static PhpValue UnserializeNoCopy(ReadOnlyMemory<byte> data, PhpSerializerOptions? options = null)
    {
        options ??= PhpSerializerOptions.Default;
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment)
            ? Unserialize(data.Span, segment.Array, segment.Offset, out _, options)
            : Unserialize(data.Span, null, 0, out _, options);
    }

    // The fast path (FastTreeParser) handles what serialize() writes; anything else (references,
    // C:, lenient or malformed input) goes through the general reader, which also makes every error.
    private static PhpValue Unserialize(ReadOnlySpan<byte> data, byte[]? shared, int sharedOffset, out int bytesConsumed, PhpSerializerOptions options)
    {
        PhpValue? value = FastTreeParser.TryParse(data, options, shared, sharedOffset, out bytesConsumed);
        if (value is null)
        {
            var reader = new PhpSerializedReader(data, options);
            value = TreeBuilder.Build(ref reader, options);
            bytesConsumed = reader.BytesConsumed;
        }
        if (bytesConsumed != data.Length && !options.AllowTrailingBytes)
            throw new PhpSerializationException("Unexpected bytes after the serialized value", bytesConsumed);
        return value;
    }

    /// <summary>Parses PHP <c>serialize()</c> bytes held in a (possibly multi-segment) sequence.</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit.</exception>
    public static PhpValue Unserialize(ReadOnlySequence<byte> data, PhpSerializerOptions? options = null)
        => data.IsSingleSegment ? Unserialize(data.FirstSpan, options) : Unserialize(data.ToArray(), options);
}
