using System.Globalization;
using System.Text;

namespace PhpSerializer.Tests;

/// <summary>
/// The float parser's fast paths (Clinger for short decimals, Eisel-Lemire for up to 19 digits)
/// must give bit for bit what the full parser gives: compared with <c>double.Parse</c> on
/// random shortest round-trip texts, random digit strings and the hard cases.
/// </summary>
public class FloatTextTests
{
    private static void AssertSameAsFullParser(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text + ";");
        Assert.Equal(PhpFloatText.Result.Ok, PhpFloatText.Parse(bytes, 0, out double value, out int at));
        Assert.Equal(bytes.Length, at);
        double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value),
            $"{text}: expected {expected:R} ({BitConverter.DoubleToInt64Bits(expected):X16}), got {value:R} ({BitConverter.DoubleToInt64Bits(value):X16})");
    }

    [Fact]
    public void ShortestRoundTripTextsOfRandomDoublesParseBackExactly()
    {
        var rng = new Random(20261125);
        Span<byte> php = stackalloc byte[PhpFloatFormatter.MaxLength];
        for (int i = 0; i < 300_000; i++)
        {
            double d = BitConverter.Int64BitsToDouble(rng.NextInt64(long.MinValue, long.MaxValue));
            if (!double.IsFinite(d)) continue;
            string text = Encoding.ASCII.GetString(php[..PhpFloatFormatter.Format(d, php)]); // PHP's own layout
            AssertSameAsFullParser(text);
        }
    }

    [Fact]
    public void RandomDigitStringsWithExponentsMatchTheFullParser()
    {
        var rng = new Random(7);
        var sb = new StringBuilder();
        for (int i = 0; i < 300_000; i++)
        {
            sb.Clear();
            if (rng.Next(2) == 0) sb.Append('-');
            int intDigits = rng.Next(0, 12), fracDigits = rng.Next(intDigits == 0 ? 1 : 0, 14);
            for (int k = 0; k < intDigits; k++) sb.Append((char)('0' + rng.Next(10)));
            if (fracDigits > 0 || rng.Next(2) == 0) sb.Append('.');
            for (int k = 0; k < fracDigits; k++) sb.Append((char)('0' + rng.Next(10)));
            if (rng.Next(2) == 0) sb.Append(rng.Next(2) == 0 ? 'E' : 'e').Append(rng.Next(3) switch { 0 => "-", 1 => "+", _ => "" }).Append(rng.Next(0, 340));
            AssertSameAsFullParser(sb.ToString());
        }
    }

    [Theory]
    [InlineData("9007199254740993")] // 2^53 + 1: halfway, ties to even
    [InlineData("9007199254740995")]
    [InlineData("4.9406564584124654E-324")] // smallest subnormal: full parser
    [InlineData("2.2250738585072011E-308")] // largest subnormal
    [InlineData("2.2250738585072014E-308")] // smallest normal
    [InlineData("1.7976931348623157E+308")]
    [InlineData("1.7976931348623159E+308")] // overflows to infinity
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345678")]
    [InlineData("1.0E+25")]
    [InlineData("1.0E-5")]
    [InlineData("-0.0")]
    [InlineData("0.000e5")]
    [InlineData("7.2057594037927933E+16")]
    [InlineData("1e23")]
    [InlineData("8.98846567431158E+307")]
    [InlineData("9999999999999999999")]
    [InlineData("99999999999999999999")] // 20 digits: full parser
    [InlineData("2.47032822920623272E-324")] // halfway to the smallest subnormal
    public void HardCasesMatchTheFullParser(string text) => AssertSameAsFullParser(text);

    // Digits are read eight at a time where eight bytes are left: every byte value at every place
    // of such a group must end the digits exactly where a byte-by-byte reader would, in the
    // integer part and in the fraction, for the value and for the check alone.
    [Fact]
    public void EveryByteEndsAGroupOfEightDigitsWhereItStands()
    {
        foreach (string prefix in new[] { "", "1.", "0.000", "-12." })
        {
            for (int place = 0; place < 8; place++)
            {
                for (int b = 0; b < 256; b++)
                {
                    byte[] text = Encoding.ASCII.GetBytes(prefix + "12345678" + "9;");
                    int at = prefix.Length + place;
                    text[at] = (byte)b;
                    PhpFloatText.Result result = PhpFloatText.Parse(text, 0, out double value, out int end);
                    Assert.Equal(result, PhpFloatText.Check(text, 0, out int checkEnd));
                    Assert.Equal(end, checkEnd);
                    bool isDigit = b >= '0' && b <= '9';
                    if (isDigit)
                    {
                        Assert.Equal(PhpFloatText.Result.Ok, result);
                        Assert.Equal(text.Length, end);
                        string digits = Encoding.ASCII.GetString(text, 0, text.Length - 1);
                        Assert.Equal(double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture), value);
                    }
                    else if (b == ';' && (place > 0 || prefix.Length > 0))
                    {
                        Assert.Equal(PhpFloatText.Result.Ok, result);
                        Assert.Equal(at + 1, end);
                    }
                    else if (b is not ((byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-' or (byte)';'))
                    {
                        Assert.NotEqual(PhpFloatText.Result.Ok, result);
                        if (place > 0 || prefix.Length > 0) Assert.Equal(at, end); // the digits end at the byte
                    }
                }
            }
        }
    }
}

/// <summary>The formatter's short-decimal fast path gives exactly what the general ("R" digits) path gives.</summary>
public class FloatFormatterFastPathTests
{
    private static void AssertSame(double d)
    {
        Span<byte> fast = stackalloc byte[PhpFloatFormatter.MaxLength];
        Span<byte> general = stackalloc byte[PhpFloatFormatter.MaxLength];
        int a = PhpFloatFormatter.Format(d, fast);
        int b = PhpFloatFormatter.FormatGeneral(d, general);
        Assert.True(fast[..a].SequenceEqual(general[..b]),
            $"{d:R}: fast '{Encoding.ASCII.GetString(fast[..a])}' vs general '{Encoding.ASCII.GetString(general[..b])}'");
    }

    [Fact]
    public void ShortDecimalsAndRandomDoublesFormatLikeTheGeneralPath()
    {
        var rng = new Random(11);
        for (int i = 0; i < 400_000; i++)
        {
            int scale = rng.Next(0, 12);
            double d = i % 4 switch
            {
                0 => rng.NextInt64(-10_000_000_000, 10_000_000_000) / Math.Pow(10, scale), // prices, counters
                1 => rng.NextInt64(-999_999_999_999_999, 999_999_999_999_999) / Math.Pow(10, scale),
                2 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 17)),
                _ => BitConverter.Int64BitsToDouble(rng.NextInt64(long.MinValue, long.MaxValue)),
            };
            AssertSame(d);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.1)]
    [InlineData(0.3)]
    [InlineData(0.30000000000000004)]
    [InlineData(0.0001)]
    [InlineData(0.00010000000000000002)]
    [InlineData(99999999999999.9)]
    [InlineData(999999999999999.0)]
    [InlineData(1e15)]
    [InlineData(123456789012345.67)]
    [InlineData(-44462.622553352696)]
    [InlineData(20571.51)]
    [InlineData(5e-5)]
    public void EdgeValuesFormatLikeTheGeneralPath(double d) => AssertSame(d);

    [Fact]
    public void NegativeZeroFormatsLikeTheGeneralPath() => AssertSame(-0.0);
}
