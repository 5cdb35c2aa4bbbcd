namespace PhpSerializer;

/// <summary>
/// A fast path in front of <see cref="PhpFloatFormatter"/> for the floats serialized most often:
/// short decimals such as prices (<c>99214.68</c>, <c>0.1</c>, <c>-3</c>), 1e-4 &lt;= |v| &lt; 1e15.
/// For k = 0, 1, 2, ... it takes m = round(|v| * 10^k) and accepts the first m &lt; 10^15 with
/// m / 10^k == |v| (one correctly rounded IEEE division of two exact doubles, so the decimal
/// m·10^-k parses back to v). A decimal of at most 15 significant digits that parses to v is the
/// only one of at most 15 digits that does (DBL_DIG), so it is exactly the shortest round-trip
/// digit string that "R" / zend_dtoa mode 0 produce, and PHP lays it out plainly in this range.
/// Everything else (more digits, exponents, NaN, infinities) returns 0: use the general formatter.
/// </summary>
internal static class PhpShortFloatFormatter
{
    private const double Limit = 1e15; // m < 10^15: at most 15 significant digits

    private static ReadOnlySpan<double> PowersOf10 =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    ];

    /// <summary>Writes <paramref name="value"/> as PHP does and returns the byte count, or returns 0 when it is not a short decimal (nothing useful written).</summary>
    public static int TryFormat(double value, Span<byte> destination)
    {
        double magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < Limit)) // also false for NaN
        {
            if (magnitude != 0) return 0;
            if (double.IsNegative(value))
            {
                destination[1] = (byte)'0';
                destination[0] = (byte)'-';
                return 2;
            }
            destination[0] = (byte)'0';
            return 1;
        }
        ReadOnlySpan<double> powers = PowersOf10;
        for (int k = 0; k < powers.Length; k++)
        {
            double p = powers[k];
            double m = Math.Round(magnitude * p);
            if (m >= Limit) return 0;
            if (m / p == magnitude) return Layout(double.IsNegative(value), (ulong)m, k, destination);
        }
        return 0;
    }

    /// <summary>
    /// As <see cref="TryFormat"/>, then for the doubles that need 16 or 17 significant digits
    /// (full-precision values) in the same range: exact integer arithmetic instead of "R".
    /// </summary>
    public static int TryFormatAny(double value, Span<byte> destination)
    {
        int n = TryFormat(value, destination);
        if (n != 0) return n;
        double magnitude = Math.Abs(value);
        return magnitude >= 1e-4 && magnitude < Limit ? TryFormatLong(double.IsNegative(value), magnitude, destination) : 0;
    }

    /// <summary>PHP's layout of any double (<paramref name="destination"/> holds <see cref="PhpFloatFormatter.MaxLength"/> bytes): the fast paths above, else <see cref="PhpFloatFormatter"/>.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        int n = TryFormatAny(value, destination);
        return n != 0 ? n : PhpFloatFormatter.Format(value, destination);
    }

    private static ReadOnlySpan<double> DecimalBoundaries => // 10^d for d = -3..15
    [
        1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    private static ReadOnlySpan<ulong> PowersOf10Integer =>
    [
        1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL,
        10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL, 100000000000000UL,
        1000000000000000UL, 10000000000000000UL, 100000000000000000UL, 1000000000000000000UL,
        10000000000000000000UL,
    ];

    // magnitude in [1e-4, 1e15) with no decimal of 15 digits or fewer that parses to it, so the
    // shortest round-trip digits number 16 or 17. v = mant * 2^-s exactly; for d the decimal
    // exponent (10^(d-1) <= v < 10^d), the closest 16-digit decimal is c = round(v * 10^k),
    // k = 16 - d, computed exactly in 128 bits. It parses back to v when it is within half a
    // binary ulp: 2 * |c * 2^s - mant * 10^k| < 10^k. Otherwise the closest 17-digit decimal does.
    // "R" / zend_dtoa mode 0 give the closest shortest decimal, which is this one. Exact ties,
    // powers of two (a narrower interval below) and any doubt return 0: the general formatter.
    private static int TryFormatLong(bool negative, double magnitude, Span<byte> destination)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(magnitude);
        ulong mant = bits & ((1UL << 52) - 1);
        if (mant == 0) return 0;
        mant |= 1UL << 52;
        int s = 1075 - (int)(bits >> 52);
        if (s < 1 || s > 63) return 0; // the remainder fits one word (v >= 2^-11); smaller values: general formatter

        ReadOnlySpan<double> boundaries = DecimalBoundaries;
        int d = -3;
        while (d < 15 && magnitude >= boundaries[d + 3]) d++;

        ReadOnlySpan<ulong> pow = PowersOf10Integer;
        ulong half = 1UL << (s - 1);
        ulong mask = (1UL << s) - 1;
        for (int digits = 16; digits <= 17; digits++)
        {
            int k = digits - d;
            if (k < 0 || k > 20) return 0;
            ulong factor = k <= 19 ? pow[k] : pow[19];
            ulong m = k <= 19 ? mant : mant * 10; // < 2^57
            ulong high = Math.BigMul(m, factor, out ulong low);
            if ((high >> s) != 0) return 0; // c would not fit 64 bits (cannot happen for 17 digits)
            ulong c = (high << (64 - s)) | (low >> s); // s <= 63: high << 64 - s is well defined
            ulong remainder = low & mask;
            ulong distance;
            if (remainder > half)
            {
                c++;
                distance = (mask - remainder) + 1;
            }
            else if (remainder < half) distance = remainder;
            else return 0; // v is exactly between two candidates
            if (c < pow[digits - 1] || c >= pow[digits]) return 0; // d was off near a power of 10
            ulong twice = distance << 1; // distance <= 2^62
            // Round trip when 2 * distance < 10^k (10^20 exceeds every 64-bit value).
            if (k == 20 || twice < pow[k])
            {
                while (k > 0 && c % 10 == 0)
                {
                    c /= 10;
                    k--;
                }
                return Layout(negative, c, k, destination);
            }
            if (twice == pow[k]) return 0; // on the boundary: parsing would break the tie
        }
        return 0;
    }

    // [-]digits of m with the decimal point k digits from the right ("0.00ddd" when m has k digits or fewer).
    private static int Layout(bool negative, ulong m, int k, Span<byte> destination)
    {
        int count = PhpValueFastWriter.CountDigits(m);
        int pos = negative ? 1 : 0;
        int length;
        if (k == 0) length = pos + count;
        else if (count > k) length = pos + count + 1;
        else length = pos + 2 + k;
        Span<byte> text = destination[..length];
        if (negative) text[0] = (byte)'-';
        // Digits from the right, the point k digits in.
        int i = length - 1;
        for (int written = 0; written < count; written++)
        {
            if (written == k && k != 0) text[i--] = (byte)'.';
            ulong q = m / 10;
            text[i--] = (byte)('0' + (int)(m - q * 10));
            m = q;
        }
        if (count <= k && k != 0)
        {
            for (int z = count; z < k; z++) text[i--] = (byte)'0';
            text[i--] = (byte)'.';
            text[i] = (byte)'0';
        }
        return length;
    }
}
