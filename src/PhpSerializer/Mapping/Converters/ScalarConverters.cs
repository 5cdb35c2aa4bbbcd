using System.Numerics;
using System.Text;
using System.Text.Unicode;

namespace PhpSerializer;

/// <summary>.NET bool &lt;-&gt; PHP bool.</summary>
internal sealed class BooleanConverter : PhpConverter<bool>
{
    public override void Write(PhpSerializedWriter writer, bool value, PhpWriteContext context) => writer.WriteBool(value);

    public override bool Read(PhpValue value, PhpReadContext context)
        => value is PhpBool b ? b.Value : throw context.TypeMismatch(value, typeof(bool));

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out bool value) => parser.TryReadBool(out value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, bool value, int recursion, int openNonEmpty) => writer.WriteBool(value);
}

/// <summary>Any .NET integer type &lt;-&gt; PHP int (int64), range-checked both ways.</summary>
internal sealed class IntegerConverter<T> : PhpConverter<T> where T : struct, IBinaryInteger<T>
{
    public override void Write(PhpSerializedWriter writer, T value, PhpWriteContext context)
    {
        if (!TryToInt64(value, out long v))
            throw new PhpSerializationException($"{typeof(T).Name} value {value} does not fit in a PHP int (64-bit signed)", writer.BytesWritten);
        writer.WriteInt(v);
    }

    public override T Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpInt i) throw context.TypeMismatch(value, typeof(T));
        if (!TryFromInt64(i.Value, out T result))
            throw context.Error($"PHP int {i.Value} is out of range for {typeof(T).Name}");
        return result;
    }

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out T value)
    {
        value = default;
        return parser.TryReadInt(out long v) && TryFromInt64(v, out value);
    }

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, T value, int recursion, int openNonEmpty)
        => TryToInt64(value, out long v) ? writer.WriteInt(v) : writer.NotHandled();

    private static bool TryToInt64(T value, out long result)
    {
        try
        {
            result = long.CreateChecked(value);
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }

    private static bool TryFromInt64(long value, out T result)
    {
        try
        {
            result = T.CreateChecked(value);
            return true;
        }
        catch (OverflowException)
        {
            result = default;
            return false;
        }
    }
}

/// <summary>.NET double &lt;-&gt; PHP float (a PHP int is accepted on read).</summary>
internal sealed class DoubleConverter : PhpConverter<double>
{
    public override void Write(PhpSerializedWriter writer, double value, PhpWriteContext context) => writer.WriteFloat(value);

    public override double Read(PhpValue value, PhpReadContext context) => value switch
    {
        PhpFloat f => f.Value,
        PhpInt i => i.Value,
        _ => throw context.TypeMismatch(value, typeof(double)),
    };

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out double value) => parser.TryReadNumber(out value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, double value, int recursion, int openNonEmpty) => writer.WriteFloat(value);
}

/// <summary>.NET float &lt;-&gt; PHP float (written as the exact double value of the float).</summary>
internal sealed class SingleConverter : PhpConverter<float>
{
    public override void Write(PhpSerializedWriter writer, float value, PhpWriteContext context) => writer.WriteFloat(value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, float value, int recursion, int openNonEmpty) => writer.WriteFloat(value);

    public override float Read(PhpValue value, PhpReadContext context)
    {
        double d = value switch
        {
            PhpFloat f => f.Value,
            PhpInt i => i.Value,
            _ => throw context.TypeMismatch(value, typeof(float)),
        };
        float r = (float)d;
        if (float.IsInfinity(r) && !double.IsInfinity(d)) throw context.Error($"PHP float {d} is out of range for Single");
        return r;
    }
}

/// <summary>.NET decimal &lt;-&gt; PHP float (PHP has no decimal type: written as the nearest double).</summary>
internal sealed class DecimalConverter : PhpConverter<decimal>
{
    public override void Write(PhpSerializedWriter writer, decimal value, PhpWriteContext context) => writer.WriteFloat((double)value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, decimal value, int recursion, int openNonEmpty) => writer.WriteFloat((double)value);

    public override decimal Read(PhpValue value, PhpReadContext context)
    {
        switch (value)
        {
            case PhpInt i:
                return i.Value;
            case PhpFloat f:
                if (double.IsFinite(f.Value) && Math.Abs(f.Value) < 7.9e28) return (decimal)f.Value;
                throw context.Error($"PHP float {f.Value} is out of range for Decimal");
            default:
                throw context.TypeMismatch(value, typeof(decimal));
        }
    }
}

/// <summary>.NET string &lt;-&gt; PHP string as UTF-8 bytes (invalid UTF-8 is an error on read: use byte[] or PhpString for binary strings).</summary>
internal sealed class StringConverter : PhpConverter<string>
{
    public override void Write(PhpSerializedWriter writer, string value, PhpWriteContext context) => writer.WriteString(value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, string value, int recursion, int openNonEmpty) => writer.WriteUtf16String(value);

    public override string Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpString s) throw context.TypeMismatch(value, typeof(string));
        if (!s.TryGetUtf8String(out string text))
            throw context.Error($"PHP string({s.Length}) is not valid UTF-8; map it to byte[] or PhpString to keep the raw bytes");
        return text;
    }

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out string value)
    {
        value = null!;
        if (!parser.TryReadStringBytes(out ReadOnlySpan<byte> bytes) || !Utf8.IsValid(bytes)) return false;
        value = bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
        return true;
    }
}

/// <summary>.NET byte[] &lt;-&gt; PHP string as raw bytes.</summary>
internal sealed class ByteArrayConverter : PhpConverter<byte[]>
{
    public override void Write(PhpSerializedWriter writer, byte[] value, PhpWriteContext context) => writer.WriteString(value);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, byte[] value, int recursion, int openNonEmpty) => writer.WriteString(value);

    public override byte[] Read(PhpValue value, PhpReadContext context)
        => value is PhpString s ? s.ToArray() : throw context.TypeMismatch(value, typeof(byte[]));

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out byte[] value)
    {
        value = null!;
        if (!parser.TryReadStringBytes(out ReadOnlySpan<byte> bytes)) return false;
        value = bytes.ToArray();
        return true;
    }
}

/// <summary>Nullable&lt;T&gt;: null &lt;-&gt; PHP null (handled by the contexts), otherwise the underlying converter.</summary>
internal sealed class NullableConverter<T>(PhpConverter<T> inner) : PhpConverter<T?> where T : struct
{
    public override void Write(PhpSerializedWriter writer, T? value, PhpWriteContext context) => inner.Write(writer, value!.Value, context);

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, T? value, int recursion, int openNonEmpty)
        => inner.TryWriteFast(ref writer, value!.Value, recursion, openNonEmpty);

    public override T? Read(PhpValue value, PhpReadContext context) => inner.Read(value, context);

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out T? value)
    {
        bool ok = inner.TryReadStreaming(ref parser, context, out T v);
        value = v;
        return ok;
    }

    internal override object? GetIdentity(T? value) => value.HasValue ? inner.GetIdentity(value.Value) : null;
}
