using System.Globalization;

namespace PhpSerializer;

/// <summary>
/// Formats doubles exactly as PHP 7.1+ <c>serialize()</c>, <c>var_export()</c> and <c>var_dump()</c>
/// do with <c>serialize_precision = -1</c>: the shortest round-trip digits (zend_dtoa mode 0)
/// laid out by <c>zend_gcvt</c> with 17 as the exponent threshold: <c>1.0E+25</c>,
/// <c>1.0E-5</c>, <c>0.0001</c>, <c>-0</c>, <c>INF</c>, <c>NAN</c>. The one float formatter of
/// the library: every writer and text output calls <see cref="Format"/>.
/// </summary>
/// <remarks>
/// Three steps, the first that applies wins, all giving the same shortest digits: short decimals
/// (at most 15 significant digits, such as prices), then the 16 and 17 digit values of the plain
/// range by exact integer arithmetic, then the general way (.NET's "R" digits laid out like
/// zend_gcvt), which alone handles exponents, NaN and the infinities.
/// </remarks>
public static class PhpFloatFormatter
{
    /// <summary>Bytes enough for any formatted double.</summary>
    public const int MaxLength = 32;

    // PHP writes |v| in [1e-4, 1e15) without an exponent; m < 10^15 holds at most 15 digits.
    private const double PlainLimit = 1e15;

    /// <summary>Writes the PHP representation of <paramref name="value"/> to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the byte count.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        int n = TryFormatExact(value, destination);
        return n != 0 ? n : FormatGeneral(value, destination);
    }

    /// <summary>The PHP representation of <paramref name="value"/> as a string (e.g. <c>"1.0E+25"</c>).</summary>
    public static string ToPhpString(double value)
    {
        Span<byte> buf = stackalloc byte[MaxLength];
        int n = Format(value, buf);
        return System.Text.Encoding.ASCII.GetString(buf[..n]);
    }

    /// <summary>
    /// Writes |v| in [1e-4, 1e15) (or 0) when it is the double nearest m / 10^k for an integer
    /// m &lt; 10^15, with the smallest such k, and returns the byte count; 0 otherwise (nothing
    /// useful written). For k = 0, 1, 2, ... it takes m = round(|v| * 10^k) and accepts the first
    /// m with m / 10^k == |v|: one correctly rounded IEEE division of two exact doubles, so the
    /// decimal m * 10^-k parses back to v. A decimal of at most 15 significant digits that parses
    /// to v is the only one of at most 15 digits that does (DBL_DIG), so it is exactly the
    /// shortest round-trip digit string, and PHP lays it out plainly in this range.
    /// </summary>
    internal static int TryFormatShortDecimal(double value, Span<byte> destination)
    {
        double magnitude = Math.Abs(value);
        // Below the range (and NaN) nothing is written; above it no scale keeps m under PlainLimit.
        if (!(magnitude >= 1e-4))
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
        // One test at top, the largest k whose m stays under PlainLimit, decides for every k. If
        // some k* <= top fits, with m*, then |v * 10^top - m* * 10^(top - k*)| is under 0.5 (v is
        // within a relative 2^-53 of m* / 10^k*, and the product is rounded once: both errors
        // times a value under 10^15 stay below 0.12), so the m found at top is m* * 10^(top - k*)
        // and fits too. Conversely a fit at top is a decimal of at most 15 digits that parses to v.
        // So the doubles that need 16 or 17 digits are turned away by one multiply, round and divide.
        ReadOnlySpan<double> powers = PowersOf10;
        int top = LargestScale(magnitude);
        if (top < 0) return 0;
        double pTop = powers[top];
        double mTop = Math.Round(magnitude * pTop);
        if (mTop / pTop != magnitude) return 0;
        // It fits: find the smallest k. Integers (k = 0) and most short decimals (prices,
        // measurements: at most three decimals) are found by trying the first scales in turn.
        // Otherwise the smallest k* is FirstScales or more and m* has no trailing zero (else
        // k* - 1 would fit with m* / 10), so removing the zeros of m at top gives exactly k* and
        // its m (and never reaches an integer's own zeros).
        for (int k = 0; k < FirstScales; k++) // the smallest k is at most top: found before k passes it
        {
            double p = powers[k];
            double m = Math.Round(magnitude * p);
            if (m / p == magnitude) return Layout(double.IsNegative(value), (ulong)m, k, destination);
        }
        ulong digits = (ulong)mTop; // not 0: at top + 1 (at most 19) m reaches PlainLimit, so here it is about 10^14
        while (digits % 10 == 0)
        {
            digits /= 10;
            top--;
        }
        return Layout(double.IsNegative(value), digits, top, destination);
    }

    // Scales tried in turn, once a short decimal is known to fit, before removing zeros.
    private const int FirstScales = 4;

    // The largest k (at most 19) with round(magnitude * 10^k) < PlainLimit, for magnitude >= 1e-4;
    // negative when even round(magnitude) reaches it. The binary exponent e gives
    // floor(log10(magnitude)) as floor(e * log10(2)) or one more, so k starts at
    // 14 - floor(e * log10(2)) (at least the answer) and steps down; m only grows with k.
    private static int LargestScale(double magnitude)
    {
        int k = 14 - FloorLog10OfBinaryPower(magnitude); // 19 at most: e >= -14 here
        ReadOnlySpan<double> powers = PowersOf10;
        while (k >= 0 && Math.Round(magnitude * powers[k]) >= PlainLimit) k--;
        return k;
    }

    /// <summary>
    /// <see cref="TryFormatShortDecimal"/>, then for the doubles of the same range that need 16 or
    /// 17 significant digits: exact integer arithmetic. 0 when neither applies.
    /// </summary>
    internal static int TryFormatExact(double value, Span<byte> destination)
    {
        int n = TryFormatShortDecimal(value, destination);
        return n != 0 ? n : TryFormatLong(double.IsNegative(value), Math.Abs(value), destination);
    }

    /// <summary>The general way alone (digits from .NET's "R", laid out like zend_gcvt); the reference the exact steps are tested against.</summary>
    internal static int FormatGeneral(double value, Span<byte> destination)
    {
        if (double.IsNaN(value)) return Copy("NAN"u8, destination);
        if (double.IsPositiveInfinity(value)) return Copy("INF"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-INF"u8, destination);

        // 40 characters hold any double's "R" text (at most 24).
        Span<char> text = stackalloc char[40];
        _ = Math.Abs(value).TryFormat(text, out int textLength, "R", CultureInfo.InvariantCulture);
        text = text[..textLength];

        // Split "R" output into significant digits and decpt (value = 0.DIGITS * 10^decpt).
        Span<byte> digits = stackalloc byte[24];
        int digitCount = 0, intDigits = -1, exponent = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.') intDigits = digitCount;
            else if (c == 'E' || c == 'e')
            {
                exponent = int.Parse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else digits[digitCount++] = (byte)c;
        }
        if (intDigits < 0) intDigits = digitCount;
        int decpt = intDigits + exponent;
        int start = 0;
        while (start < digitCount && digits[start] == (byte)'0')
        {
            start++;
            decpt--;
        }
        while (digitCount > start && digits[digitCount - 1] == (byte)'0') digitCount--;
        ReadOnlySpan<byte> d = digits[start..digitCount];
        if (d.IsEmpty)
        {
            d = "0"u8;
            decpt = 1;
        }

        int pos = 0;
        if (double.IsNegative(value)) destination[pos++] = (byte)'-';
        const int ndigit = 17;
        if (decpt < 0 ? decpt < -3 : decpt > ndigit)
        {
            // Exponential: d.ddddE+x (a lone digit gets ".0").
            int e = decpt - 1;
            destination[pos++] = d[0];
            destination[pos++] = (byte)'.';
            if (d.Length == 1) destination[pos++] = (byte)'0';
            else
            {
                d[1..].CopyTo(destination[pos..]);
                pos += d.Length - 1;
            }
            destination[pos++] = (byte)'E';
            destination[pos++] = e < 0 ? (byte)'-' : (byte)'+';
            e = Math.Abs(e);
            e.TryFormat(destination[pos..], out int w, default, CultureInfo.InvariantCulture);
            pos += w;
        }
        else if (decpt <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (int z = decpt; z < 0; z++) destination[pos++] = (byte)'0';
            d.CopyTo(destination[pos..]);
            pos += d.Length;
        }
        else
        {
            for (int i = 0; i < decpt; i++) destination[pos++] = i < d.Length ? d[i] : (byte)'0';
            if (d.Length > decpt)
            {
                destination[pos++] = (byte)'.';
                d[decpt..].CopyTo(destination[pos..]);
                pos += d.Length - decpt;
            }
        }
        return pos;
    }

    // floor(e * log10(2)) for the binary exponent e of a positive normal double (exact for
    // |e| < 1650): the decimal exponent of 2^e, so 10 to it is at most the double.
    private static int FloorLog10OfBinaryPower(double magnitude)
        => (((int)(BitConverter.DoubleToUInt64Bits(magnitude) >> 52) - 1023) * 78913) >> 18;

    // 10^-3 .. 10^15 (10^-n as the double nearest it, as 1 / 10^n rounds).
    private static ReadOnlySpan<double> DecimalBounds =>
    [
        1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    private static ReadOnlySpan<double> PowersOf10 =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
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
        ulong fraction = bits & ((1UL << 52) - 1);
        if (fraction == 0) return 0;
        ulong mant = fraction | (1UL << 52);
        int s = 1075 - (int)(bits >> 52);
        if (s < 1 || s > 63) return 0; // the remainder fits one word (v >= 2^-11); smaller values: general formatter

        // d: the decimal exponent, 10^(d-1) <= v < 10^d, from -3 to 15, found by comparing with
        // the bounds from a start that is never above it: for v's binary exponent e, 10^j with
        // j = floor(e * log10(2)) is at most 2^e <= v, and so is the double nearest 10^j.
        ReadOnlySpan<double> bounds = DecimalBounds; // 10^d at d + 3
        int d = Math.Clamp(FloorLog10OfBinaryPower(magnitude) + 1, -3, 15);
        while (d < 15 && magnitude >= bounds[d + 3]) d++;

        ReadOnlySpan<ulong> pow = PhpFormat.PowersOf10;
        ulong half = 1UL << (s - 1);
        ulong mask = (1UL << s) - 1;
        for (int digits = 16; digits <= 17; digits++)
        {
            int k = digits - d; // from 1 (d = 15) to 20 (d = -3)
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
            // c never ends in 0: c / 10 would be a decimal of 15 digits or fewer that parses to v,
            // which the short-decimal step takes first. twice is never 10^k: the remainder and 2^s
            // minus it are multiples of 2^k (or 0), while 10^k / 2 = 2^(k-1) * 5^k is not.
            if (k == 20 || twice < pow[k]) return Layout(negative, c, k, destination);
        }
        return 0;
    }

    // [-]digits of m with the decimal point k digits from the right ("0.00ddd" when m has k digits
    // or fewer). The digits are written two at a time (PhpFormat.WriteDigits) where they end up,
    // and for "int.frac" one place to the right first, the integer part then moved into the gap.
    private static int Layout(bool negative, ulong m, int k, Span<byte> destination)
    {
        int count = PhpFormat.CountDigits(m);
        int pos = 0;
        if (negative) destination[pos++] = (byte)'-';
        if (k == 0)
        {
            PhpFormat.WriteDigits(destination.Slice(pos, count), m);
            return pos + count;
        }
        if (count > k)
        {
            int intDigits = count - k;
            PhpFormat.WriteDigits(destination.Slice(pos + 1, count), m);
            for (int i = 0; i < intDigits; i++) destination[pos + i] = destination[pos + i + 1];
            destination[pos + intDigits] = (byte)'.';
            return pos + count + 1;
        }
        destination[pos] = (byte)'0';
        destination[pos + 1] = (byte)'.';
        destination.Slice(pos + 2, k - count).Fill((byte)'0');
        PhpFormat.WriteDigits(destination.Slice(pos + 2 + k - count, count), m);
        return pos + 2 + k;
    }

    private static int Copy(ReadOnlySpan<byte> s, Span<byte> destination)
    {
        s.CopyTo(destination);
        return s.Length;
    }
}
