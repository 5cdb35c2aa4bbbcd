namespace PhpSerializer;

/// <summary>
/// Every token of PHP's serialize() format, written into a span, and its size: the one place
/// that spells the format out (type letters, separators, quotes). Stateless: each
/// <c>TryWrite...</c> writes the whole token and returns true, or writes nothing useful and
/// returns false when <c>destination</c> is too small; each <c>SizeOf...</c> is the exact size.
/// The writers (<see cref="PhpSerializedWriter"/>, the fast tree and typed writers) and the
/// measuring pass are built on it, so a change here changes every path.
/// </summary>
internal static class PhpPrimitives
{
    /// <summary><c>N;</c></summary>
    public const int NullSize = 2;

    /// <summary><c>b:0;</c></summary>
    public const int BoolSize = 4;

    /// <summary><c>}</c></summary>
    public const int EndSize = 1;

    /// <summary>The most a <c>d:...;</c> token takes.</summary>
    public const int MaxFloatSize = 3 + PhpFloatFormatter.MaxLength;

    /// <summary>The most an <c>i:n;</c>, <c>r:n;</c> or <c>R:n;</c> token takes.</summary>
    public const int MaxIntSize = 3 + 20;

    /// <summary>The end of a string token after its body: <c>";</c></summary>
    public static ReadOnlySpan<byte> StringEnd => "\";"u8;

    /// <summary>Size of <c>i:n;</c> (also of <c>r:n;</c> and <c>R:n;</c>).</summary>
    public static int SizeOfInt(long value) => 3 + PhpFormat.CountDigits(value);

    /// <summary>Size of <c>s:len:"...";</c> for a body of <paramref name="length"/> bytes.</summary>
    public static long SizeOfString(long length) => 6 + PhpFormat.CountDigits((ulong)length) + length;

    /// <summary>Size of the <c>s:len:"</c> in front of a body of <paramref name="length"/> bytes.</summary>
    public static int SizeOfStringHeader(int length) => 4 + PhpFormat.CountDigits((ulong)(uint)length);

    /// <summary>Size of <c>a:n:{</c>.</summary>
    public static int SizeOfArrayHeader(int count) => 4 + PhpFormat.CountDigits((ulong)(uint)count);

    /// <summary>Size of <c>O:len:"Class":n:{</c>.</summary>
    public static int SizeOfObjectHeader(int nameLength, int count)
        => 8 + PhpFormat.CountDigits((ulong)(uint)nameLength) + nameLength + PhpFormat.CountDigits((ulong)(uint)count);

    /// <summary>Size of an array key or property name (<c>i:n;</c> or <c>s:len:"...";</c>).</summary>
    public static long SizeOfKey(PhpArrayKey key) => key.IsInt ? SizeOfInt(key.IntValue) : SizeOfString(key.StringBytes.Length);

    /// <summary><c>N;</c></summary>
    public static bool TryWriteNull(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < NullSize) return false;
        destination[1] = (byte)';';
        destination[0] = (byte)'N';
        written = NullSize;
        return true;
    }

    /// <summary><c>b:0;</c> or <c>b:1;</c></summary>
    public static bool TryWriteBool(Span<byte> destination, bool value, out int written)
    {
        written = 0;
        if (destination.Length < BoolSize) return false;
        destination[3] = (byte)';';
        destination[2] = value ? (byte)'1' : (byte)'0';
        destination[1] = (byte)':';
        destination[0] = (byte)'b';
        written = BoolSize;
        return true;
    }

    /// <summary><c>i:n;</c></summary>
    public static bool TryWriteInt(Span<byte> destination, long value, out int written) => TryWriteNumber(destination, (byte)'i', value, out written);

    /// <summary><c>r:n;</c>: the object numbered <paramref name="slot"/> again.</summary>
    public static bool TryWriteObjectReference(Span<byte> destination, long slot, out int written) => TryWriteNumber(destination, (byte)'r', slot, out written);

    /// <summary><c>R:n;</c>: a PHP reference to the value numbered <paramref name="slot"/>.</summary>
    public static bool TryWriteValueReference(Span<byte> destination, long slot, out int written) => TryWriteNumber(destination, (byte)'R', slot, out written);

    // X:n;
    private static bool TryWriteNumber(Span<byte> destination, byte type, long value, out int written)
    {
        written = 0;
        bool negative = value < 0;
        ulong magnitude = negative ? unchecked(0UL - (ulong)value) : (ulong)value;
        int digits = PhpFormat.CountDigits(magnitude);
        int sign = negative ? 1 : 0;
        int size = digits + sign + 3;
        if (destination.Length < size) return false;
        Span<byte> t = destination[..size];
        t[0] = type;
        t[1] = (byte)':';
        t[2] = (byte)'-'; // overwritten by the first digit when not negative
        PhpFormat.WriteDigits(t.Slice(2 + sign, digits), magnitude);
        t[^1] = (byte)';';
        written = size;
        return true;
    }

    /// <summary><c>d:x;</c> in PHP's float layout (<see cref="PhpFloatFormatter"/>); needs <see cref="MaxFloatSize"/> bytes.</summary>
    public static bool TryWriteFloat(Span<byte> destination, double value, out int written)
    {
        written = 0;
        if (destination.Length < MaxFloatSize) return false;
        int length = PhpFloatFormatter.Format(value, destination.Slice(2, PhpFloatFormatter.MaxLength));
        destination[0] = (byte)'d';
        destination[1] = (byte)':';
        destination[2 + length] = (byte)';';
        written = length + 3;
        return true;
    }

    /// <summary><c>s:len:"bytes";</c></summary>
    public static bool TryWriteString(Span<byte> destination, ReadOnlySpan<byte> bytes, out int written)
    {
        if (!TryWriteStringFrame(destination, bytes.Length, out written, out Span<byte> body)) return false;
        bytes.CopyTo(body);
        return true;
    }

    /// <summary>
    /// <c>s:len:"</c> and <c>";</c> around room for <paramref name="length"/> bytes, returned as
    /// <paramref name="body"/>, which the caller must fill.
    /// </summary>
    public static bool TryWriteStringFrame(Span<byte> destination, int length, out int written, out Span<byte> body)
        => TryWriteQuotedFrame(destination, (byte)'s', length, (byte)';', out written, out body);

    /// <summary><c>s:len:"</c>: the start of a string token whose body and <see cref="StringEnd"/> follow separately.</summary>
    public static bool TryWriteStringHeader(Span<byte> destination, int length, out int written)
    {
        written = 0;
        int digits = PhpFormat.CountDigits((ulong)(uint)length);
        if (destination.Length < digits + 4) return false;
        WriteQuotedHead(destination, (byte)'s', length, digits);
        written = digits + 4;
        return true;
    }

    /// <summary>An array key or property name: <c>i:n;</c> or <c>s:len:"...";</c>.</summary>
    public static bool TryWriteKey(Span<byte> destination, PhpArrayKey key, out int written)
        => key.IsInt ? TryWriteInt(destination, key.IntValue, out written) : TryWriteString(destination, key.StringBytes, out written);

    /// <summary><c>a:n:{</c></summary>
    public static bool TryWriteArrayHeader(Span<byte> destination, int count, out int written)
    {
        written = 0;
        int digits = PhpFormat.CountDigits((ulong)(uint)count);
        if (destination.Length < digits + 4) return false;
        Span<byte> t = destination[..(digits + 4)];
        t[0] = (byte)'a';
        t[1] = (byte)':';
        PhpFormat.WriteDigits(t.Slice(2, digits), (uint)count);
        t[^2] = (byte)':';
        t[^1] = (byte)'{';
        written = t.Length;
        return true;
    }

    /// <summary><c>O:len:"Class":n:{</c> (the caller checks the class name).</summary>
    public static bool TryWriteObjectHeader(Span<byte> destination, ReadOnlySpan<byte> className, int count, out int written)
        => TryWriteClassHeader(destination, (byte)'O', className, count, out written);

    /// <summary><c>C:len:"Class":n:{</c>: the start of a Serializable object whose <paramref name="payloadLength"/> bytes and <c>}</c> follow.</summary>
    public static bool TryWriteSerializableHeader(Span<byte> destination, ReadOnlySpan<byte> className, int payloadLength, out int written)
        => TryWriteClassHeader(destination, (byte)'C', className, payloadLength, out written);

    /// <summary><c>E:len:"Class:Case";</c></summary>
    public static bool TryWriteEnumCase(Span<byte> destination, ReadOnlySpan<byte> classColonCase, out int written)
    {
        if (!TryWriteQuotedFrame(destination, (byte)'E', classColonCase.Length, (byte)';', out written, out Span<byte> body)) return false;
        classColonCase.CopyTo(body);
        return true;
    }

    /// <summary><c>}</c>, the end of an array or object.</summary>
    public static bool TryWriteEnd(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.IsEmpty) return false;
        destination[0] = (byte)'}';
        written = EndSize;
        return true;
    }

    // X:len:"Class":n:{
    private static bool TryWriteClassHeader(Span<byte> destination, byte type, ReadOnlySpan<byte> className, int count, out int written)
    {
        written = 0;
        int size = SizeOfObjectHeader(className.Length, count);
        if (destination.Length < size) return false;
        if (!TryWriteQuotedFrame(destination, type, className.Length, (byte)':', out int head, out Span<byte> name)) return false;
        className.CopyTo(name);
        int digits = PhpFormat.CountDigits((ulong)(uint)count);
        PhpFormat.WriteDigits(destination.Slice(head, digits), (uint)count);
        destination[head + digits] = (byte)':';
        destination[head + digits + 1] = (byte)'{';
        written = size;
        return true;
    }

    // X:len:"<body>"<terminator>, the body left to the caller.
    private static bool TryWriteQuotedFrame(Span<byte> destination, byte type, int length, byte terminator, out int written, out Span<byte> body)
    {
        written = 0;
        body = default;
        int digits = PhpFormat.CountDigits((ulong)(uint)length);
        if (destination.Length - 6 - digits < length) return false;
        Span<byte> t = destination[..(length + digits + 6)];
        WriteQuotedHead(t, type, length, digits);
        t[^2] = (byte)'"';
        t[^1] = terminator;
        body = t.Slice(digits + 4, length);
        written = t.Length;
        return true;
    }

    // X:len:"  (4 + digits bytes)
    private static void WriteQuotedHead(Span<byte> to, byte type, int length, int digits)
    {
        to[0] = type;
        to[1] = (byte)':';
        PhpFormat.WriteDigits(to.Slice(2, digits), (uint)length);
        to[2 + digits] = (byte)':';
        to[3 + digits] = (byte)'"';
    }
}
