using System.Globalization;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// Eisel-Lemire on its own: where it accepts w x 10^q, its double is the one .NET's full parser
/// gives for the same decimal, bit for bit. The inputs are those whose first 64x64-bit product
/// has all ones below the mantissa, so that the second product (or its absence) decides the
/// last bit; found by a search over random inputs, each checked against the full parser.
/// </summary>
public class EiselLemireContractTests
{
    private static void AssertAcceptedAsTheFullParserReads(ulong w, int q)
    {
        double expected = double.Parse($"{w}e{q}", NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(EiselLemire.TryCompute(w, q, out double value), $"{w}e{q} declined");
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    // The truncated power of five needs its low word: adding its product carries into the bit
    // that decides the rounding.
    [Theory]
    [InlineData(2036935124486378607UL, -80)]
    [InlineData(4177858350828778192UL, 212)]
    [InlineData(2440655684193220587UL, -17)]
    [InlineData(17548463225217501977UL, -150)]
    public void WhenTheSecondProductCarriesIntoTheFirstTheResultIsTheNearestDouble(ulong w, int q)
        => AssertAcceptedAsTheFullParserReads(w, q);

    // An exact power of five (no low word) whose product with w has all ones below the
    // mantissa: nothing carries, so the value rounds down.
    [Theory]
    [InlineData(4611686018427388415UL, 0)]   // 2^62 + 511: 511 below a spacing of 1024
    [InlineData(5092063006819096063UL, 0)]
    [InlineData(5068852593975936511UL, 0)]
    [InlineData(926442014924087214UL, 2)]
    public void WhenNothingCarriesAnExactProductWithAllOnesBelowTheMantissaRoundsDown(ulong w, int q)
        => AssertAcceptedAsTheFullParserReads(w, q);
}
