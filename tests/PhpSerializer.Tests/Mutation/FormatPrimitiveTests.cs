using System.Globalization;
using System.Text;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The format's building blocks on their own: digit counting and writing at every power of ten,
/// the class-name byte rule at each edge of its ranges, and every token writer with a buffer of
/// exactly its size (written) and one byte less (refused, nothing claimed written).
/// </summary>
public class FormatPrimitiveTests
{
    public static TheoryData<ulong> DigitEdges()
    {
        var data = new TheoryData<ulong> { 0, ulong.MaxValue, ulong.MaxValue - 1 };
        ulong p = 1;
        for (int k = 0; k < 20; k++)
        {
            data.Add(p);
            if (p > 1) data.Add(p - 1);
            data.Add(p + 1);
            if (k < 19) p *= 10;
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DigitEdges))]
    public void DigitsAreCountedAndWrittenExactlyAtEveryPowerOfTen(ulong value)
    {
        string text = value.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(text.Length, PhpFormat.CountDigits(value));
        byte[] d = new byte[text.Length];
        PhpFormat.WriteDigits(d, value);
        Assert.Equal(text, Encoding.ASCII.GetString(d));
        if (value <= long.MaxValue)
        {
            Assert.Equal(text.Length, PhpFormat.CountDigits((long)value));
            Assert.Equal(text.Length + (value == 0 ? 0 : 1), PhpFormat.CountDigits(-(long)value));
        }
    }

    // Digits are written in groups of eight from the right: every digit of every place, zeros
    // inside and around a group, and random values of every length.
    [Fact]
    public void EveryDigitAtEveryPlaceIsWrittenWhereItStands()
    {
        var generator = new Random(31);
        var values = new List<ulong>();
        ulong place = 1;
        for (int k = 0; k < 20; k++)
        {
            for (ulong digit = 1; digit <= 9 && (k < 19 || digit == 1); digit++)
            {
                values.Add(digit * place);
                values.Add((digit * place) + 1);
                values.Add((digit * place) + 10_000);
                values.Add((digit * place) + 99_999_999 % place);
            }
            if (k < 19) place *= 10;
        }
        for (int n = 0; n < 20_000; n++) values.Add((ulong)generator.NextInt64() >> generator.Next(0, 64));
        foreach (ulong value in values)
        {
            string text = value.ToString(CultureInfo.InvariantCulture);
            byte[] d = new byte[text.Length];
            PhpFormat.WriteDigits(d, value);
            Assert.Equal(text, Encoding.ASCII.GetString(d));
        }
    }

    [Fact]
    public void TheSmallestLongCountsTwentyCharacters()
    {
        Assert.Equal(20, PhpFormat.CountDigits(long.MinValue));
        Assert.Equal(2, PhpFormat.CountDigits(-1L));
        Assert.Equal(1, PhpFormat.CountDigits(0L));
    }

    [Theory]
    [InlineData("Foo_bar09", -1)]
    [InlineData("azAZ", -1)]
    [InlineData("\xe9t\xe9", -1)]    // bytes 0x80-0xff are allowed
    [InlineData("\x80", -1)]
    [InlineData("A\\B", -1)]          // a backslash inside the name
    [InlineData("\\A", 0)]            // but not in front
    [InlineData("", 0)]
    [InlineData("a`", 1)]             // the byte before 'a'
    [InlineData("a{", 1)]             // after 'z'
    [InlineData("a@", 1)]             // before 'A'
    [InlineData("a[", 1)]             // after 'Z'
    [InlineData("a/", 1)]             // before '0'
    [InlineData("a:", 1)]             // after '9'
    [InlineData("ab\x7f", 2)]
    [InlineData("ab-c", 2)]
    [InlineData("a b", 1)]
    [InlineData("9", -1)]
    [InlineData("_", -1)]
    public void ClassNameBytesFollowPhpsRule(string name, int firstInvalid)
        => Assert.Equal(firstInvalid, PhpFormat.FirstInvalidClassNameByte(B(name)));

    // Every byte value at the front, inside, and on both sides of 16 and 32 bytes in (where a
    // vectorized search changes blocks), against the rule stated byte by byte.
    [Fact]
    public void EveryByteIsJudgedByTheRuleWhereverItStands()
    {
        static bool Allowed(byte b, int at) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z'
            or >= (byte)'0' and <= (byte)'9' or (byte)'_' or >= 0x80 || (b == (byte)'\\' && at > 0);
        foreach (int length in new[] { 1, 2, 15, 16, 17, 31, 32, 33, 64, 100 })
        {
            for (int at = 0; at < length; at++)
            {
                if (at > 3 && at < length - 2 && at is not (15 or 16 or 31 or 32)) continue;
                for (int b = 0; b < 256; b++)
                {
                    byte[] name = new byte[length];
                    name.AsSpan().Fill((byte)'q');
                    name[at] = (byte)b;
                    int expected = Allowed((byte)b, at) ? -1 : at;
                    Assert.True(expected == PhpFormat.FirstInvalidClassNameByte(name), $"byte 0x{b:x2} at {at} of {length}");
                }
            }
        }
    }

    private delegate bool Writer(Span<byte> destination, out int written);

    // Writes with exactly the reported size and with one byte less; the first must give the
    // expected bytes, the second must refuse and claim nothing.
    private static void AssertExactFit(Writer write, string expected, int room)
    {
        byte[] exact = new byte[room];
        Assert.True(write(exact, out int written), $"{expected}: fits in {room}");
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, S(exact.AsSpan(0, written).ToArray()));
        byte[] shorter = new byte[room - 1];
        Assert.False(write(shorter, out int none), $"{expected}: refused in {room - 1}");
        Assert.Equal(0, none);
        // Longer buffers write the same and leave the rest alone.
        byte[] longer = new byte[room + 3];
        longer.AsSpan().Fill((byte)'#');
        Assert.True(write(longer, out int again));
        Assert.Equal(expected.Length, again);
        Assert.Equal(expected + new string('#', longer.Length - again), S(longer));
    }

    [Fact]
    public void ScalarTokensAreWrittenExactly()
    {
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteNull(d, out w), "N;", PhpPrimitives.NullSize);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteBool(d, true, out w), "b:1;", PhpPrimitives.BoolSize);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteBool(d, false, out w), "b:0;", PhpPrimitives.BoolSize);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteEnd(d, out w), "}", PhpPrimitives.EndSize);
        Assert.Equal(";"u8.ToArray().Prepend((byte)'"').ToArray(), PhpPrimitives.StringEnd.ToArray());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(-7L)]
    [InlineData(10L)]
    [InlineData(-10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(-12345L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void NumberTokensAreWrittenExactly(long value)
    {
        string n = value.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(3 + n.Length, PhpPrimitives.SizeOfInt(value));
        Assert.True(PhpPrimitives.SizeOfInt(value) <= PhpPrimitives.MaxIntSize);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteInt(d, value, out w), $"i:{n};", 3 + n.Length);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteObjectReference(d, value, out w), $"r:{n};", 3 + n.Length);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteValueReference(d, value, out w), $"R:{n};", 3 + n.Length);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteKey(d, value, out w), $"i:{n};", 3 + n.Length);
        Assert.Equal(3 + n.Length, PhpPrimitives.SizeOfKey(value));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e100, "1.0E+100")]
    [InlineData(double.NaN, "NAN")]
    [InlineData(double.NegativeInfinity, "-INF")]
    public void AFloatTokenNeedsTheFullFloatRoom(double value, string text)
    {
        Assert.Equal(35, PhpPrimitives.MaxFloatSize);
        byte[] room = new byte[PhpPrimitives.MaxFloatSize];
        room.AsSpan().Fill((byte)'#');
        Assert.True(PhpPrimitives.TryWriteFloat(room, value, out int written));
        Assert.Equal(text.Length + 3, written);
        Assert.Equal($"d:{text};", S(room.AsSpan(0, written).ToArray()));
        Assert.Equal((byte)'#', room[written]);
        Assert.False(PhpPrimitives.TryWriteFloat(new byte[PhpPrimitives.MaxFloatSize - 1], value, out int none));
        Assert.Equal(0, none);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("0123456789")]
    [InlineData("a\0\"b;")]
    public void StringTokensAreWrittenExactly(string body)
    {
        byte[] bytes = B(body);
        string token = $"s:{bytes.Length}:\"{body}\";";
        Assert.Equal(token.Length, PhpPrimitives.SizeOfString(bytes.Length));
        Assert.Equal(token.Length, PhpPrimitives.SizeOfKey(PhpArrayKey.RawString(bytes)));
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteString(d, bytes, out w), token, token.Length);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteKey(d, PhpArrayKey.RawString(bytes), out w), token, token.Length);
        AssertExactFit((Span<byte> d, out int w) =>
        {
            if (!PhpPrimitives.TryWriteStringFrame(d, bytes.Length, out w, out Span<byte> frame)) return false;
            Assert.Equal(bytes.Length, frame.Length);
            bytes.CopyTo(frame);
            return true;
        }, token, token.Length);
        string header = $"s:{bytes.Length}:\"";
        Assert.Equal(header.Length, PhpPrimitives.SizeOfStringHeader(bytes.Length));
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteStringHeader(d, bytes.Length, out w), header, header.Length);
    }

    [Fact]
    public void LongStringsCountTheirLengthsDigits()
    {
        Assert.Equal(6 + 2 + 10, PhpPrimitives.SizeOfString(10));
        Assert.Equal(6 + 1 + 9, PhpPrimitives.SizeOfString(9));
        Assert.Equal(6 + 10 + 3_000_000_000L, PhpPrimitives.SizeOfString(3_000_000_000L));
        Assert.Equal(4 + 3, PhpPrimitives.SizeOfStringHeader(100));
        Assert.Equal(4 + 10, PhpPrimitives.SizeOfStringHeader(int.MaxValue));
        Assert.Equal(4 + 10, PhpPrimitives.SizeOfArrayHeader(int.MaxValue));
        Assert.Equal(8 + 2 + 10 + 1, PhpPrimitives.SizeOfObjectHeader(10, 0));
        Assert.Equal(8 + 1 + 1 + 3, PhpPrimitives.SizeOfObjectHeader(1, 100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(123)]
    [InlineData(int.MaxValue)]
    public void ContainerHeadersAreWrittenExactly(int count)
    {
        string n = count.ToString(CultureInfo.InvariantCulture);
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteArrayHeader(d, count, out w), $"a:{n}:{{", PhpPrimitives.SizeOfArrayHeader(count));
        Assert.Equal(4 + n.Length, PhpPrimitives.SizeOfArrayHeader(count));
        foreach (string cls in new[] { "", "A", "stdClass", "Name\\Space" })
        {
            byte[] name = B(cls);
            string o = $"O:{name.Length}:\"{cls}\":{n}:{{";
            Assert.Equal(o.Length, PhpPrimitives.SizeOfObjectHeader(name.Length, count));
            AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteObjectHeader(d, name, count, out w), o, o.Length);
            string c = $"C:{name.Length}:\"{cls}\":{n}:{{";
            AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteSerializableHeader(d, name, count, out w), c, c.Length);
        }
    }

    [Theory]
    [InlineData("E:A")]
    [InlineData("Suit:Hearts")]
    [InlineData("Very\\Long\\Namespace\\Enum:Case")]
    public void EnumTokensAreWrittenExactly(string text)
    {
        byte[] bytes = B(text);
        string token = $"E:{bytes.Length}:\"{text}\";";
        AssertExactFit((Span<byte> d, out int w) => PhpPrimitives.TryWriteEnumCase(d, bytes, out w), token, token.Length);
    }

    [Fact]
    public void TheIncompleteClassNamesAreSpelledLikePhp()
    {
        Assert.Equal("__PHP_Incomplete_Class", S(PhpFormat.IncompleteClass));
        Assert.Equal("__PHP_Incomplete_Class_Name", S(PhpFormat.IncompleteClassNameProperty.ToArray()));
    }
}
