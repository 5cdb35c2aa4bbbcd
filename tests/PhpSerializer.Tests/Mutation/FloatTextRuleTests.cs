using System.Globalization;
using System.Text;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The d: body parser and the Eisel-Lemire conversion: what is accepted and where each refusal
/// is reported, the special words, signs and zeros, and bit-exact agreement with the full parser
/// on a fixed sweep (short enough to run for every mutant) and on the rounding edge cases.
/// </summary>
public class FloatTextRuleTests
{
    private static (PhpFloatText.Result Result, double Value, int At) Parse(string text, int pos = 0)
    {
        var result = PhpFloatText.Parse(Encoding.ASCII.GetBytes(text), pos, out double value, out int at);
        return (result, value, at);
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    [Theory]
    [InlineData("NAN;", 4)]
    [InlineData("INF;", 4)]
    [InlineData("-INF;", 5)]
    public void TheSpecialWordsParseWithTheirSemicolon(string body, int length)
    {
        var (result, value, at) = Parse("xx" + body + "tail", 2);
        Assert.Equal(PhpFloatText.Result.Ok, result);
        Assert.Equal(2 + length, at);
        double expected = body switch { "NAN;" => double.NaN, "INF;" => double.PositiveInfinity, _ => double.NegativeInfinity };
        Assert.Equal(Bits(expected), Bits(value));
    }

    [Theory]
    [InlineData("NAN", "NoDigits", 0)]   // no ';': not the word, and no digits
    [InlineData("INF", "NoDigits", 0)]
    [InlineData("-INF", "NoDigits", 1)]
    [InlineData("+INF;", "NoDigits", 1)]
    [InlineData("inf;", "NoDigits", 0)]
    [InlineData("Nan;", "NoDigits", 0)]
    [InlineData("-NAN;", "NoDigits", 1)]
    [InlineData("", "NoDigits", 0)]
    [InlineData(";", "NoDigits", 0)]
    [InlineData("-;", "NoDigits", 1)]
    [InlineData(".;", "NoDigits", 1)]
    [InlineData("-.e1;", "NoDigits", 2)]
    [InlineData("1e;", "NoExponentDigits", 2)]
    [InlineData("1E+;", "NoExponentDigits", 3)]
    [InlineData("1.5e-x", "NoExponentDigits", 5)]
    [InlineData("1e", "NoExponentDigits", 2)]
    [InlineData("1", "EndOfData", 1)]
    [InlineData("-12.5", "EndOfData", 5)]
    [InlineData("1e5", "EndOfData", 3)]
    [InlineData("1x", "NoSemicolon", 1)]
    [InlineData("1.2.3;", "NoSemicolon", 3)]
    [InlineData("1e5e;", "NoSemicolon", 3)]
    [InlineData("1 ;", "NoSemicolon", 1)]
    [InlineData("--1;", "NoDigits", 1)]
    public void RefusalsNameTheProblemAndWhereItIs(string text, string expected, int offset)
    {
        var (result, _, at) = Parse("ab" + text, 2);
        Assert.Equal(expected, result.ToString());
        Assert.Equal(2 + offset, at);
    }

    [Theory]
    [InlineData("0;", 0.0)]
    [InlineData("+7;", 7.0)]
    [InlineData("-7;", -7.0)]
    [InlineData("1.;", 1.0)]
    [InlineData(".5;", 0.5)]
    [InlineData("-.5;", -0.5)]
    [InlineData("123.456;", 123.456)]
    [InlineData("0.1;", 0.1)]
    [InlineData("999999999999999;", 999999999999999.0)]        // 15 digits: the exact path
    [InlineData("9999999999999999;", 9999999999999999.0)]      // 16 digits
    [InlineData("0.000000000000001;", 1e-15)]                  // 1 + 15 digits, 15 after the point
    [InlineData("12345.6789012345;", 12345.6789012345)]
    [InlineData("1e5;", 1e5)]
    [InlineData("1E-5;", 1e-5)]
    [InlineData("2.5e+3;", 2500.0)]
    [InlineData("1e0000001;", 10.0)]                            // seven exponent digits: the full parser
    [InlineData("1e000010;", 1e10)]                             // six exponent digits
    [InlineData("00000000000000000000001.5;", 1.5)]             // leading zeros are not significant
    [InlineData("0.00000000000000000000015;", 1.5e-22)]
    [InlineData("12345678901234567890;", 12345678901234567890.0)] // 20 significant digits: the full parser
    [InlineData("1234567890123456789;", 1234567890123456789.0)]   // 19: still Eisel-Lemire
    [InlineData("1e400;", double.PositiveInfinity)]
    [InlineData("-1e400;", double.NegativeInfinity)]
    [InlineData("1e-400;", 0.0)]
    [InlineData("4.9406564584124654E-324;", 4.9406564584124654E-324)]
    public void AcceptedTextsGiveTheFullParsersDoubleAndEndAfterTheSemicolon(string text, double expected)
    {
        var (result, value, at) = Parse("d:" + text + "x", 2);
        Assert.Equal(PhpFloatText.Result.Ok, result);
        Assert.Equal(2 + text.Length, at);
        Assert.Equal(Bits(expected), Bits(value));
    }

    [Theory]
    [InlineData("-0;")]
    [InlineData("-0.0;")]
    [InlineData("-0e5;")]
    [InlineData("-0.000e-7;")]
    [InlineData("-00000000000000000.0000000000000;")]
    [InlineData("-1e-400;")]
    public void NegativeZeroKeepsItsSign(string text)
    {
        var (result, value, _) = Parse(text);
        Assert.Equal(PhpFloatText.Result.Ok, result);
        Assert.Equal(Bits(-0.0), Bits(value));
    }

    [Theory]
    [InlineData("0e5;")]
    [InlineData("0.000e-7;")]
    [InlineData("+0;")]
    [InlineData("00000000000000000.0000000000000;")]
    public void PositiveZeroStaysPositive(string text)
    {
        var (result, value, _) = Parse(text);
        Assert.Equal(PhpFloatText.Result.Ok, result);
        Assert.Equal(0L, Bits(value));
    }

    private static double FullParser(ulong w, int q)
        => double.Parse(w.ToString(CultureInfo.InvariantCulture) + "e" + q.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void AssertAcceptedExactly(ulong w, int q)
    {
        Assert.True(EiselLemire.TryCompute(w, q, out double value), $"{w}e{q} declined");
        Assert.True(Bits(FullParser(w, q)) == Bits(value), $"{w}e{q}: expected {FullParser(w, q):R}, got {value:R}");
    }

    [Theory]
    [InlineData(9007199254740993UL, 0)]            // 2^53 + 1: halfway, ties to even (down)
    [InlineData(9007199254740995UL, 0)]            // halfway, ties to even (up)
    [InlineData(9223372036854776833UL, 0)]         // (2^53 + 1) * 2^10 + 1: just above halfway
    [InlineData(1UL, 23)]                          // 1e23 = 5^23 * 2^23 lies halfway between two doubles
    [InlineData(5629499534213120625UL, -4)]        // (2^53 + 1) / 16 exactly: halfway at q = -4
    [InlineData(18014398509481983UL, 0)]           // 2^54 - 1 rounds up into the next binade
    [InlineData(18446744073709551615UL, 0)]        // 2^64 - 1
    [InlineData(1UL, 308)]                         // the largest power of ten handled
    [InlineData(17976931348623157UL, 292)]         // the largest double
    [InlineData(22250738585072014UL, -324)]        // the smallest normal double
    [InlineData(1UL, 0)]
    [InlineData(3UL, -1)]
    [InlineData(123456789UL, -300)]
    public void EdgeCasesAreAcceptedAndCorrectlyRounded(ulong w, int q) => AssertAcceptedExactly(w, q);

    [Theory]
    [InlineData(0UL, 5)]                            // zero is the caller's case
    [InlineData(1UL, 309)]                          // past the table
    [InlineData(1UL, -343)]
    [InlineData(1UL, int.MinValue)]
    [InlineData(1UL, int.MaxValue)]
    [InlineData(18UL, 307)]                         // 1.8e308 overflows: the full parser says infinity
    [InlineData(1UL, -320)]                         // subnormal
    [InlineData(22250738585072011UL, -324)]         // the largest subnormal
    public void OutOfRangeOverflowAndSubnormalsAreLeftToTheFullParser(ulong w, int q)
    {
        Assert.False(EiselLemire.TryCompute(w, q, out double value));
        Assert.Equal(0L, Bits(value));
    }

    // A fixed sweep of significands of every length against exponents over the whole range:
    // whatever is accepted must be bit-exact, and nothing of the normal range is declined.
    [Fact]
    public void EiselLemireAgreesWithTheFullParserOverAFixedSweep()
    {
        var generator = new Random(20261201);
        int accepted = 0, declinedInNormalRange = 0, total = 0;
        for (int n = 0; n < 6000; n++)
        {
            int digits = 1 + n % 19;
            ulong w = (ulong)generator.NextInt64(1, (long)Math.Min(PhpFormat.PowersOf10[digits], long.MaxValue));
            int q = n % 7 == 0 ? generator.Next(-345, 312) : generator.Next(-300, 290);
            total++;
            if (EiselLemire.TryCompute(w, q, out double value))
            {
                accepted++;
                double expected = FullParser(w, q);
                Assert.True(Bits(expected) == Bits(value), $"{w}e{q}: expected {expected:R}, got {value:R}");
            }
            else if (q >= -280 && q <= 280)
            {
                declinedInNormalRange++;
            }
        }
        // Between 1e-280 and 1e299 nothing is subnormal or overflows, and an undecidable product
        // (a low word of all ones after the second multiplication) is a 2^-64 event.
        Assert.True(declinedInNormalRange == 0, $"{declinedInNormalRange} of {total} normal values declined");
        Assert.True(accepted > total * 8 / 10, $"only {accepted} of {total} accepted");
    }

    [Fact]
    public void TextsOverTheSweepParseLikeTheFullParser()
    {
        var generator = new Random(77);
        var sb = new StringBuilder();
        for (int n = 0; n < 3000; n++)
        {
            sb.Clear();
            if (n % 3 == 0) sb.Append('-');
            int intDigits = n % 12, fracDigits = (n / 12) % 21;
            if (intDigits + fracDigits == 0) intDigits = 1;
            for (int k = 0; k < intDigits; k++) sb.Append((char)('0' + generator.Next(10)));
            if (fracDigits > 0) sb.Append('.');
            for (int k = 0; k < fracDigits; k++) sb.Append((char)('0' + generator.Next(10)));
            if (n % 4 != 0) sb.Append(n % 8 < 4 ? 'e' : 'E').Append((n / 4 % 3) switch { 0 => "-", 1 => "+", _ => "" }).Append(generator.Next(0, 330));
            string text = sb.ToString();
            var (result, value, at) = Parse(text + ";");
            Assert.Equal(PhpFloatText.Result.Ok, result);
            Assert.Equal(text.Length + 1, at);
            double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(Bits(expected) == Bits(value), $"{text}: expected {expected:R}, got {value:R}");
        }
    }
}
