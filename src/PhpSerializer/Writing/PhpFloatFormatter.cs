using System.Globalization;

namespace PhpSerializer;

/// <summary>
/// Formats doubles exactly as PHP 7.1+ <c>serialize()</c>/<c>var_export</c> do with
/// <c>serialize_precision = -1</c>: the shortest round-trip digits (zend_dtoa mode 0, which
/// .NET's "R" format also produces) laid out by <c>zend_gcvt</c> with 17 as the exponent
/// threshold: <c>1.0E+25</c>, <c>1.0E-5</c>, <c>0.0001</c>, <c>-0</c>, <c>INF</c>, <c>NAN</c>.
/// </summary>
public static class PhpFloatFormatter
{
    /// <summary>Bytes enough for any formatted double.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes the PHP representation of <paramref name="value"/> to <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes); returns the byte count.</summary>
    public static int Format(double value, Span<byte> destination) => FormatCore(value, destination, shortDecimals: true);

    private static int FormatCore(double value, Span<byte> destination, bool shortDecimals)
    {
        if (double.IsNaN(value)) return Copy("NAN"u8, destination);
        if (double.IsPositiveInfinity(value)) return Copy("INF"u8, destination);
        if (double.IsNegativeInfinity(value)) return Copy("-INF"u8, destination);

        // Fast paths: for 1e-4 <= |value| < 1e15 (and zero) PHP uses the plain layout. First the
        // short decimals (prices, counters: m / 10^k with m < 10^15), written without any digit
        // search; then .NET's "R" (same shortest digits, no trailing zeros, "0.000ddd", "-0")
        // straight into the UTF-8 destination. Anything with an exponent goes the general way below.
        double magnitude = Math.Abs(value);
        if ((magnitude >= 1e-4 && magnitude < 1e15) || magnitude == 0)
        {
            if (shortDecimals && TryFormatShortDecimal(value, magnitude, destination, out int shortLength)) return shortLength;
            if (value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture)
                && destination[..written].IndexOfAny((byte)'E', (byte)'e') < 0)
                return written;
        }

        Span<char> text = stackalloc char[40];
        if (!Math.Abs(value).TryFormat(text, out int textLength, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException("double formatting failed");
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

    private static ReadOnlySpan<double> PowersOf10 =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

    /// <summary>
    /// Writes |v| in [1e-4, 1e15) (or 0) when it is the double nearest m / 10^k for an integer
    /// m &lt; 10^15, with the smallest such k. Below 10^15 the product |v| * 10^k is within 0.5 of
    /// m whenever such an m exists (the errors are about m * 2^-52), so rounding finds it, and the
    /// round-trip interval holds only one integer; so those are the shortest round-trip digits,
    /// the text "R" and PHP's zend_gcvt print. False (nothing written) for anything else.
    /// </summary>
    private static bool TryFormatShortDecimal(double value, double magnitude, Span<byte> destination, out int written)
    {
        written = 0;
        ReadOnlySpan<double> powers = PowersOf10;
        for (int k = 0; k <= 18; k++)
        {
            double m = Math.Round(magnitude * powers[k]);
            if (m >= 1e15) return false;
            if (m / powers[k] != magnitude) continue; // m and 10^k are exact: the division is the correctly rounded parse of the text
            ulong digits = (ulong)m;
            ulong scale = (ulong)powers[k];
            ulong integer = digits / scale, fraction = digits % scale;
            int pos = 0;
            if (double.IsNegative(value)) destination[pos++] = (byte)'-';
            integer.TryFormat(destination[pos..], out int n, default, CultureInfo.InvariantCulture);
            pos += n;
            if (k > 0)
            {
                destination[pos++] = (byte)'.';
                for (int i = pos + k - 1; i >= pos; i--)
                {
                    destination[i] = (byte)('0' + (int)(fraction % 10));
                    fraction /= 10;
                }
                pos += k;
            }
            written = pos;
            return true;
        }
        return false;
    }

    /// <summary>The general formatting (digits from .NET's "R", laid out like zend_gcvt); for tests of the fast paths.</summary>
    internal static int FormatWithoutShortDecimals(double value, Span<byte> destination) => FormatCore(value, destination, shortDecimals: false);

    /// <summary>The PHP representation of <paramref name="value"/> as a string (e.g. <c>"1.0E+25"</c>).</summary>
    public static string ToPhpString(double value)
    {
        Span<byte> buf = stackalloc byte[MaxLength];
        int n = Format(value, buf);
        return System.Text.Encoding.ASCII.GetString(buf[..n]);
    }

    private static int Copy(ReadOnlySpan<byte> s, Span<byte> destination)
    {
        s.CopyTo(destination);
        return s.Length;
    }
}
