using System.Numerics;

namespace PhpSerializer.Tests;

/// <summary>
/// <see cref="EiselLemire"/>'s power-of-five table is a generated constant (so that the first
/// float parsed costs nothing); this rebuilds it with exact big-integer arithmetic, the
/// construction fast_float documents, and compares every word.
/// </summary>
public class EiselLemireTableTests
{
    [Fact]
    public void GeneratedPowersOfFiveEqualTheExactConstruction()
    {
        ReadOnlySpan<ulong> table = EiselLemire.PowersOfFive;
        Assert.Equal(2 * (EiselLemire.LargestPowerOfTen - EiselLemire.SmallestPowerOfTen + 1), table.Length);
        BigInteger top = BigInteger.One << 127;
        BigInteger limit = BigInteger.One << 128;
        for (int q = EiselLemire.SmallestPowerOfTen; q <= EiselLemire.LargestPowerOfTen; q++)
        {
            BigInteger c;
            if (q >= 0)
            {
                c = BigInteger.Pow(5, q);
                while (c < top) c <<= 1;
                while (c >= limit) c >>= 1;
            }
            else
            {
                BigInteger power5 = BigInteger.Pow(5, -q);
                int z = (int)(power5.GetBitLength() - 1);
                if (BigInteger.One << z < power5) z++; // smallest z with 2^z >= 5^-q
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = (BigInteger.One << b) / power5 + 1;
                while (c >= limit) c >>= 1;
            }
            int i = 2 * (q - EiselLemire.SmallestPowerOfTen);
            Assert.True((ulong)(c >> 64) == table[i], $"5^{q}: high word");
            Assert.True((ulong)(c & ulong.MaxValue) == table[i + 1], $"5^{q}: low word");
        }
    }
}
