using System.Buffers;

namespace PhpSerializer;

/// <summary>Object mapping: .NET objects &lt;-&gt; PHP serialize() bytes, in the style of System.Text.Json.</summary>
public static partial class PhpSerialization
{
    /// <summary>
    /// Serializes a .NET value (POCO, record, collection, dictionary, enum, primitive, PhpValue, ...)
    /// as PHP's <c>serialize()</c> would serialize the equivalent PHP value. A .NET object that
    /// occurs more than once is written once and then as <c>r:n;</c> (so cycles work).
    /// </summary>
    /// <exception cref="PhpSerializationException">A value cannot be represented (integer overflow, limit exceeded, ...).</exception>
    /// <exception cref="InvalidOperationException">A type cannot be mapped (unsupported type, bad attributes).</exception>
    public static byte[] Serialize<T>(T value, PhpSerializerOptions? options = null)
    {
        options ??= PhpSerializerOptions.Default;
        if (value is PhpValue tree) return Serialize(tree, options);
        var cache = options.GetConverterCache();
        var converter = cache.GetConverter<T>();
        if (FastTreeWriter.TrySerializeTyped(value, converter, options) is { } fast) return fast;
        ArrayBufferWriter<byte> buffer = SerializeBuffer.Rent();
        try
        {
            SerializeGeneral(buffer, value, cache, converter);
            return SerializeBuffer.ToArray(buffer);
        }
        finally
        {
            SerializeBuffer.Return(buffer);
        }
    }

    /// <summary>Serializes a .NET value into <paramref name="output"/> (see <see cref="Serialize{T}(T, PhpSerializerOptions?)"/>).</summary>
    /// <exception cref="PhpSerializationException">A value cannot be represented.</exception>
    public static void Serialize<T>(IBufferWriter<byte> output, T value, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= PhpSerializerOptions.Default;
        if (value is PhpValue tree)
        {
            Serialize(output, tree, options);
            return;
        }
        var cache = options.GetConverterCache();
        var converter = cache.GetConverter<T>();
        if (FastTreeWriter.TrySerializeTyped(output, value, converter, options)) return;
        SerializeGeneral(output, value, cache, converter);
    }

    /// <summary>The general path of <see cref="Serialize{T}(IBufferWriter{byte}, T, PhpSerializerOptions?)"/> alone (the reference the fast path is tested against).</summary>
    internal static byte[] SerializeGeneral<T>(T value, PhpSerializerOptions? options = null)
    {
        options ??= PhpSerializerOptions.Default;
        var cache = options.GetConverterCache();
        var buffer = new ArrayBufferWriter<byte>();
        SerializeGeneral(buffer, value, cache, cache.GetConverter<T>());
        return buffer.WrittenSpan.ToArray();
    }

    private static void SerializeGeneral<T>(IBufferWriter<byte> output, T value, PhpConverterCache cache, PhpConverter<T> converter)
    {
        var writer = new PhpSerializedWriter(output, cache.Options);
        new PhpWriteContext(cache).WriteValue(writer, value, converter);
        writer.Flush();
    }

    /// <summary>Serializes <paramref name="value"/> as type <paramref name="type"/> (null is written as <c>N;</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a <paramref name="type"/>.</exception>
    public static byte[] Serialize(object? value, Type type, PhpSerializerOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Serialize(buffer, value, type, options);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes <paramref name="value"/> as type <paramref name="type"/> into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a <paramref name="type"/>.</exception>
    public static void Serialize(IBufferWriter<byte> output, object? value, Type type, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(type);
        if (value is not null && !type.IsInstanceOfType(value)) throw new ArgumentException($"The value is a {value.GetType()}, not a {type}.", nameof(value));
        options ??= PhpSerializerOptions.Default;
        var cache = options.GetConverterCache();
        var writer = new PhpSerializedWriter(output, options);
        cache.GetConverter(type).WriteBoxed(writer, value, new PhpWriteContext(cache));
        writer.Flush();
    }

    /// <summary>
    /// Parses PHP <c>serialize()</c> bytes and converts them to <typeparamref name="T"/>. Objects
    /// are only created for <typeparamref name="T"/>'s own mapped types and classes registered in
    /// <see cref="PhpSerializerOptions.ClassMap"/>; into <c>object</c> or <see cref="PhpValue"/>,
    /// unknown classes stay <see cref="PhpObject"/> and re-serialize unchanged.
    /// </summary>
    /// <remarks>
    /// Common input (what <c>serialize()</c> writes, without references, into POCOs with a
    /// parameterless constructor, lists, arrays and scalars) is converted straight from the bytes,
    /// without building a <see cref="PhpValue"/> tree. Anything else -- and any input that fails --
    /// goes through the tree path, which decides the result and every error; a custom converter
    /// may then run twice on the same input.
    /// </remarks>
    /// <exception cref="PhpSerializationException">Malformed input (with its byte offset) or a value that does not fit <typeparamref name="T"/> (with the path, and the offset of the value when it can be located).</exception>
    public static T? Deserialize<T>(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
    {
        options ??= PhpSerializerOptions.Default;
        var cache = options.GetConverterCache();
        var converter = cache.GetConverter<T>();
        return TryDeserializeStreaming(data, options, cache, converter, out T? value) ? value : DeserializeFromTree(data, options, cache, converter);
    }

    /// <summary><see cref="Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> through the value tree only (the reference the streaming path is tested against).</summary>
    internal static T? DeserializeFromTree<T>(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
    {
        options ??= PhpSerializerOptions.Default;
        var cache = options.GetConverterCache();
        return DeserializeFromTree(data, options, cache, cache.GetConverter<T>());
    }

    /// <summary>The streaming attempt alone: false where <see cref="Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> falls back to the tree (for tests).</summary>
    internal static bool TryDeserializeStreaming<T>(ReadOnlySpan<byte> data, PhpSerializerOptions options, out T? value)
    {
        var cache = options.GetConverterCache();
        return TryDeserializeStreaming(data, options, cache, cache.GetConverter<T>(), out value);
    }

    private static bool TryDeserializeStreaming<T>(ReadOnlySpan<byte> data, PhpSerializerOptions options, PhpConverterCache cache, PhpConverter<T> converter, out T? value)
    {
        // Only the library's own errors are retried on the tree path, which raises them in their exact
        // form (with the offset); anything else -- a setter or constructor that throws -- is the
        // caller's and propagates as it is.
        try
        {
            var parser = new FastTreeParser(data, options, null, 0);
            if (new PhpReadContext(cache).TryReadStreaming(ref parser, converter, out value)
                && (parser.Position == data.Length || options.AllowTrailingBytes)) return true;
        }
        catch (PhpSerializationException)
        {
        }
        value = default;
        return false;
    }

    private static T? DeserializeFromTree<T>(ReadOnlySpan<byte> data, PhpSerializerOptions options, PhpConverterCache cache, PhpConverter<T> converter)
        => ReadTree(data, options, cache, converter, static (c, tree, context) => context.ReadValue(tree, c));

    /// <summary>Parses PHP <c>serialize()</c> bytes and converts them to <paramref name="type"/>.</summary>
    /// <exception cref="PhpSerializationException">Malformed input or a value that does not fit.</exception>
    public static object? Deserialize(ReadOnlySpan<byte> data, Type type, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        options ??= PhpSerializerOptions.Default;
        var cache = options.GetConverterCache();
        return ReadTree(data, options, cache, cache.GetConverter(type), static (c, tree, context) => c.ReadBoxed(tree, context));
    }

    // The tree path: unserialize, then convert; a conversion error gets the offset of the value it is about.
    private static TResult ReadTree<TConverter, TResult>(ReadOnlySpan<byte> data, PhpSerializerOptions options, PhpConverterCache cache,
        TConverter converter, Func<TConverter, PhpValue, PhpReadContext, TResult> read)
    {
        PhpValue tree = Unserialize(data, options);
        var context = new PhpReadContext(cache);
        try
        {
            return read(converter, tree, context);
        }
        catch (PhpSerializationException e) when (e.Offset < 0)
        {
            throw context.WithOffset(e, data);
        }
    }
}
