using System.Numerics;

namespace PhpSerializer;

/// <summary>
/// Correctly rounded decimal-to-double conversion for a decimal significand of at most 19
/// digits (w x 10^q), by the Eisel-Lemire algorithm (Lemire, "Number Parsing at a Gigabyte per
/// Second", 2021; as in fast_float and .NET's own parser): one or two 64x64-bit multiplications
/// by a truncated 128-bit power of five. It declines (returns false) for the rare cases it cannot
/// decide -- subnormals, overflow, an ambiguous product -- and the caller then uses the full
/// parser (<c>double.TryParse</c>), so every result equals the full parser's.
/// </summary>
internal static partial class EiselLemire
{
    internal const int SmallestPowerOfTen = -342;
    internal const int LargestPowerOfTen = 308;

    // The 128-bit powers of five are in EiselLemire.Table.cs (generated, checked by EiselLemireTableTests).

    /// <summary>w x 10^q as the nearest double (ties to even), or false when the caller must use the full parser.</summary>
    public static bool TryCompute(ulong w, int q, out double value)
    {
        value = 0;
        if (w == 0 || q < SmallestPowerOfTen || q > LargestPowerOfTen) return false;
        int lz = BitOperations.LeadingZeroCount(w);
        w <<= lz;
        int index = 2 * (q - SmallestPowerOfTen);
        ulong hi = Math.BigMul(w, PowersOfFive[index], out ulong lo);
        const ulong precisionMask = 0x1FF; // 64 - (52 + 3) low bits of the high word
        if ((hi & precisionMask) == precisionMask)
        {
            ulong hi2 = Math.BigMul(w, PowersOfFive[index + 1], out _);
            lo += hi2;
            if (hi2 > lo) hi++;
            if (lo == ulong.MaxValue && (q < -27 || q > 55)) return false; // cannot decide: full parser
        }
        int upperBit = (int)(hi >> 63);
        int shift = upperBit + 9;
        ulong mantissa = hi >> shift;
        int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperBit - lz + 1023;
        if (power2 <= 0) return false; // subnormal: full parser
        // Exactly halfway between two doubles (only possible for small q): round to even.
        if (lo <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == hi) mantissa &= ~1UL;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        if (mantissa >= 2UL << 52)
        {
            // Rounding carried into the next binade: 1.0 x 2^(power2 + 1), an empty fraction.
            mantissa = 0;
            power2++;
        }
        else mantissa &= ~(1UL << 52); // the implicit leading bit
        if (power2 >= 0x7FF) return false; // overflow: full parser
        value = BitConverter.Int64BitsToDouble((long)(mantissa | ((ulong)power2 << 52)));
        return true;
    }
}
