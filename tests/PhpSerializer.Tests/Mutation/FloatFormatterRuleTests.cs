using System.Text;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// PHP's float layout (serialize_precision -1) and the formatter's exact steps: each step that
/// accepts a value must write what the general layout writes, and each must accept the values
/// it exists for (short decimals; 16 and 17 digit values of the plain range).
/// </summary>
public class FloatFormatterRuleTests
{
    private static string Text(Span<byte> buffer, int length) => Encoding.ASCII.GetString(buffer[..length]);

    private static string General(double value)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        return Text(buffer, PhpFloatFormatter.FormatGeneral(value, buffer));
    }

    // The texts PHP 8.2's serialize() writes for these doubles.
    [Theory]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1e17, "1.0E+17")]
    [InlineData(1.5e17, "1.5E+17")]
    [InlineData(123456789012345678.0, "1.2345678901234568E+17")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1.0E-5")]
    [InlineData(0.00012345678901234567, "0.00012345678901234567")]
    [InlineData(-1.5e-7, "-1.5E-7")]
    [InlineData(1e25, "1.0E+25")]
    [InlineData(2.5e100, "2.5E+100")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.0, "0")]
    [InlineData(1e22, "1.0E+22")]
    [InlineData(1e23, "1.0E+23")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(5e-324, "5.0E-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157E+308")]
    [InlineData(-2.5e-300, "-2.5E-300")]
    [InlineData(123456.5, "123456.5")]
    [InlineData(-42.0, "-42")]
    [InlineData(999999999999999.0, "999999999999999")]
    [InlineData(0.1, "0.1")]
    [InlineData(double.NaN, "NAN")]
    [InlineData(double.PositiveInfinity, "INF")]
    [InlineData(double.NegativeInfinity, "-INF")]
    public void DoublesAreWrittenAsPhpWritesThem(double value, string php)
    {
        Assert.Equal(php, PhpFloatFormatter.ToPhpString(value));
        Assert.Equal(php, General(value));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(1e-4, "0.0001")]                          // the lower end of the plain range
    [InlineData(0.00015, "0.00015")]
    [InlineData(999999999999999.0, "999999999999999")]    // the largest 15-digit integer
    [InlineData(123.45, "123.45")]
    [InlineData(100.0, "100")]
    [InlineData(0.5, "0.5")]
    [InlineData(12345678901234.5, "12345678901234.5")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(0.001, "0.001")]
    [InlineData(-7.25, "-7.25")]
    public void ShortDecimalsAreTakenByTheFirstStep(double value, string php)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        int n = PhpFloatFormatter.TryFormatShortDecimal(value, buffer);
        Assert.True(n > 0, $"{value:R} declined");
        Assert.Equal(php, Text(buffer, n));
    }

    [Theory]
    [InlineData(1e15)]             // the plain range ends before 1e15
    [InlineData(9.9e-5)]           // and starts at 1e-4
    [InlineData(0.30000000000000004)]
    [InlineData(1.0 / 3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.Epsilon)]
    public void TheFirstStepDeclinesWhatItCannotWriteShortly(double value)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        Assert.Equal(0, PhpFloatFormatter.TryFormatShortDecimal(value, buffer));
    }

    [Theory]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(2.0 / 3, "0.6666666666666666")]
    [InlineData(-1.0 / 7, "-0.14285714285714285")]
    [InlineData(123456789.12345679, "123456789.12345679")]
    [InlineData(0.1 + 0.7, "0.7999999999999999")]
    [InlineData(999999999999999.9, "999999999999999.9")]
    [InlineData(0.0009765625000000002, "0.0009765625000000002")]
    [InlineData(1234567890123456.0 / 8, "154320986265432")]
    public void SixteenAndSeventeenDigitValuesAreTakenByTheExactStep(double value, string php)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        int n = PhpFloatFormatter.TryFormatExact(value, buffer);
        Assert.True(n > 0, $"{value:R} declined");
        Assert.Equal(php, Text(buffer, n));
        Assert.Equal(php, General(value));
    }

    // The exact step works on values from 2^-11 up (the remainder then fits one word).
    [Theory]
    [InlineData(0.00048828125)]          // 2^-11 itself is a short decimal; its neighbours are not
    [InlineData(0.0007)]
    [InlineData(0.00097)]
    public void SeventeenDigitValuesJustAbove2ToTheMinus11AreTakenByTheExactStep(double near)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        double value = Math.BitIncrement(near);
        int n = PhpFloatFormatter.TryFormatExact(value, buffer);
        Assert.True(n > 0, $"{value:R} declined");
        Assert.Equal(General(value), Text(buffer, n));
    }

    [Theory]
    [InlineData(1e15)]
    [InlineData(1.2345678901234567e-5)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e300)]
    public void TheExactStepsDeclineOutsideThePlainRange(double value)
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        Assert.Equal(0, PhpFloatFormatter.TryFormatExact(value, buffer));
    }

    // A fixed sweep over the plain range, decade by decade: every value an exact step writes is
    // written as the general layout writes it, and the exact steps take nearly all of them
    // (they leave ties, boundaries and values below 2^-11 to the general layout).
    [Fact]
    public void TheExactStepsAgreeWithTheGeneralLayoutAndTakeNearlyEverythingOverAFixedSweep()
    {
        var generator = new Random(4242);
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        int taken = 0, total = 0;
        for (int decade = -4; decade <= 14; decade++)
        {
            for (int n = 0; n < 300; n++)
            {
                double value = (1 + generator.NextDouble() * 9) * Math.Pow(10, decade);
                if (n % 2 == 1) value = -value;
                if (n % 5 == 0) value = Math.Round(value, 2); // some short decimals too
                string general = General(value);
                int written = PhpFloatFormatter.TryFormatExact(value, buffer);
                total++;
                if (written > 0)
                {
                    taken++;
                    Assert.True(general == Text(buffer, written), $"{value:R}: exact '{Text(buffer, written)}', general '{general}'");
                }
                Assert.Equal(general, PhpFloatFormatter.ToPhpString(value));
            }
        }
        Assert.True(taken >= total * 97 / 100, $"{taken} of {total}");
    }

    // Between a power of ten and the next power of two ([10, 16), [100, 128), ..., and the same
    // below 1) the binary exponent puts the short-decimal step's first scale one too high, where
    // m has 16 digits: the step must come down before testing, or it would take 16-digit values
    // (shortest or not) that have no decimal of 15 digits or fewer. It declines every one of them.
    [Fact]
    public void TheFirstStepDeclinesLongValuesWhereTheScaleGuessIsOneTooHigh()
    {
        var generator = new Random(7);
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        int tried = 0;
        for (int e = -13; e <= 49; e++)
        {
            double low = Math.Pow(2, e), high = Math.Pow(2, e + 1);
            double power = Math.Pow(10, Math.Ceiling(Math.Log10(low)));
            if (!(power < high)) continue;
            for (int n = 0; n < 200; n++)
            {
                double value = power + (generator.NextDouble() * (high - power));
                if (value >= 1e15) continue;
                string general = General(value);
                if (general.Replace(".", "").TrimStart('0').Length <= 15) continue; // a short decimal
                tried++;
                Assert.True(PhpFloatFormatter.TryFormatShortDecimal(value, buffer) == 0, $"{value:R} taken by the first step");
            }
        }
        Assert.True(tried > 3000, $"{tried} values");
    }

    // From 10^14 to 10^15 the largest scale the first step tests is 0: the value is an integer,
    // and its trailing zeros are its own digits, not a scale to take back. Below 10^14 the zeros
    // of m at the largest scale are removed down to the smallest scale that fits.
    [Fact]
    public void TheFirstStepKeepsTheTrailingZerosOfIntegersAndRemovesThoseOfScales()
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        for (int zeros = 0; zeros <= 14; zeros++)
        {
            long unit = (long)Math.Pow(10, zeros);
            foreach (long lead in new[] { 1L, 7L, 123456789012345L, 999999999999999L })
            {
                long digits = lead % (1_000_000_000_000_000 / unit) * unit; // at most 15 digits, at least zeros of them zeros
                if (digits == 0) continue;
                foreach (double value in new[] { (double)digits, -(double)digits, digits / 1e4, digits / 1e9 })
                {
                    if (Math.Abs(value) < 1e-4) continue; // written with an exponent: not this step's range
                    buffer.Fill((byte)'#'); // nothing left from an earlier value can pass for a digit
                    int n = PhpFloatFormatter.TryFormatShortDecimal(value, buffer);
                    Assert.True(n > 0, $"{value:R} declined");
                    Assert.Equal(General(value), Text(buffer, n));
                }
            }
        }
        Assert.Equal("100000000000000", Text(buffer, PhpFloatFormatter.TryFormatShortDecimal(1e14, buffer)));
        Assert.Equal("999999999999990", Text(buffer, PhpFloatFormatter.TryFormatShortDecimal(999999999999990.0, buffer)));
        Assert.Equal("12.5", Text(buffer, PhpFloatFormatter.TryFormatShortDecimal(12.5, buffer)));
        Assert.Equal("0.000125", Text(buffer, PhpFloatFormatter.TryFormatShortDecimal(0.000125, buffer)));
    }

    // Just above a power of ten the closest 16-digit decimal can be the power itself (which
    // parses to another double): the 17-digit one is then taken, not the whole value declined.
    [Fact]
    public void TheExactStepTakesTheDoublesNextToEveryPowerOfTenOfThePlainRange()
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        for (int e = -3; e <= 14; e++)
        {
            double p = Math.Pow(10, e);
            foreach (double v in new[] { Math.BitIncrement(p), Math.BitIncrement(Math.BitIncrement(p)), Math.BitDecrement(p) })
            {
                int written = PhpFloatFormatter.TryFormatExact(v, buffer);
                Assert.True(written > 0, $"{v:R} declined");
                Assert.Equal(General(v), Text(buffer, written));
            }
        }
    }

    [Fact]
    public void ValuesNextToPowersOfTenAreWrittenWithTheirOwnDigits()
    {
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        for (int e = -4; e <= 14; e++)
        {
            double p = Math.Pow(10, e);
            foreach (double v in new[] { p, Math.BitDecrement(p), Math.BitIncrement(p), Math.BitDecrement(Math.BitDecrement(p)) })
            {
                string general = General(v);
                Assert.Equal(general, PhpFloatFormatter.ToPhpString(v));
                int written = PhpFloatFormatter.TryFormatExact(v, buffer);
                if (written > 0) Assert.True(general == Text(buffer, written), $"{v:R}: exact '{Text(buffer, written)}', general '{general}'");
            }
        }
    }
}
