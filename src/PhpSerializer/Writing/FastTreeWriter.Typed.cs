using System.Buffers;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// The fast path of <see cref="PhpSerialization.Serialize{T}(T, PhpSerializerOptions?)"/>: mapped
/// .NET values written token by token into one span through the converters'
/// <c>TryWriteFast</c>, with the same checks as for value trees. A converter without a fast
/// write, an object met twice (PHP writes <c>r:n;</c>), a runtime type other than the declared one,
/// a limit -- any of these is "not handled", and the general path (<see cref="PhpSerializedWriter"/>
/// + <see cref="PhpWriteContext"/>) then writes the value or throws. The bytes are the same.
/// </summary>
internal static partial class FastTreeWriter
{
    internal ref partial struct SpanWriter
    {
        /// <summary>One mapped value: null, the runtime-type and repeated-object checks, then the converter's fast write.</summary>
        internal bool WriteTyped<T>(T value, PhpConverter<T> converter, int recursion, int openNonEmpty)
        {
            if (value is null && !converter.HandleNull) return WriteNull();
            if (converter.DispatchesOnRuntimeType && value is not null && value.GetType() != typeof(T)) return Fail(WriteStatus.NotHandled);
            object? identity = converter.GetIdentity(value);
            if (identity is not null && !Objects.Add(identity)) return Fail(WriteStatus.NotHandled);
            return converter.TryWriteFast(ref this, value, recursion, openNonEmpty);
        }

        /// <summary><c>s:len:"...";</c> with the UTF-8 bytes of <paramref name="value"/> (as <see cref="PhpSerializedWriter.WriteString(string)"/>).</summary>
        internal bool WriteUtf16String(string value)
        {
            if (!TryWriteStringFrame(Encoding.UTF8.GetByteCount(value), out Span<byte> body)) return false;
            Encoding.UTF8.GetBytes(value, body);
            return true;
        }

        /// <summary>Fails as "not handled" (for converters without a fast write).</summary>
        internal bool NotHandled() => Fail(WriteStatus.NotHandled);
    }

    /// <summary>One attempt at <paramref name="value"/> into <paramref name="destination"/>.</summary>
    internal static WriteStatus TryWriteTyped<T>(T value, PhpConverter<T> converter, PhpSerializerOptions options, Span<byte> destination, out int written)
    {
        var writer = new SpanWriter(destination, options);
        try
        {
            writer.WriteTyped(value, converter, 0, 0);
        }
        finally
        {
            writer.Objects.Release();
        }
        written = writer.Position;
        return writer.Status;
    }

    /// <summary>Serializes a mapped value into a new array, or returns null when it needs the general path.</summary>
    public static byte[]? TrySerializeTyped<T>(T value, PhpConverter<T> converter, PhpSerializerOptions options)
    {
        if (WriteToScratch(value, converter, options, FirstAttemptBytes, out byte[] scratch, out int written) != WriteStatus.Done) return null;
        try
        {
            return CopyOut(scratch.AsSpan(0, written));
        }
        finally
        {
            SerializeBuffer.ReturnBytes(scratch);
        }
    }

    /// <summary>Serializes a mapped value into <paramref name="output"/> (one Advance), or returns false, having advanced nothing.</summary>
    public static bool TrySerializeTyped<T>(IBufferWriter<byte> output, T value, PhpConverter<T> converter, PhpSerializerOptions options)
    {
        long limit = Math.Clamp(options.MaxOutputBytes, 0, int.MaxValue);
        Span<byte> span = output.GetSpan();
        int room = (int)Math.Min(span.Length, limit);
        WriteStatus first = TryWriteTyped(value, converter, options, span[..room], out int written);
        if (first == WriteStatus.Done)
        {
            output.Advance(written);
            return true;
        }
        if (first == WriteStatus.NotHandled || room >= limit) return false;
        if (WriteToScratch(value, converter, options, Math.Max(2 * room, FirstAttemptBytes), out byte[] scratch, out written) != WriteStatus.Done) return false;
        try
        {
            scratch.AsSpan(0, written).CopyTo(output.GetSpan(written));
            output.Advance(written);
            return true;
        }
        finally
        {
            SerializeBuffer.ReturnBytes(scratch);
        }
    }

    // Attempts into a per-thread scratch, four times larger after each "too small", up to the
    // options' MaxOutputBytes (past it the general path reports the limit). On Done the caller
    // owns the scratch and gives it back with SerializeBuffer.ReturnBytes.
    private static WriteStatus WriteToScratch<T>(T value, PhpConverter<T> converter, PhpSerializerOptions options, int firstSize, out byte[] scratch, out int written)
    {
        long limit = Math.Clamp(options.MaxOutputBytes, 0, Array.MaxLength);
        long size = firstSize;
        while (true)
        {
            scratch = SerializeBuffer.RentBytes((int)Math.Min(size, limit));
            int room = (int)Math.Min(scratch.Length, limit);
            WriteStatus status = TryWriteTyped(value, converter, options, scratch.AsSpan(0, room), out written);
            if (status == WriteStatus.Done) return status;
            SerializeBuffer.ReturnBytes(scratch);
            if (status == WriteStatus.NotHandled || room >= limit) return WriteStatus.NotHandled;
            size = Math.Max(size, room) * 4;
        }
    }
}
