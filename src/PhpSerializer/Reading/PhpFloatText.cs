using System.Globalization;

namespace PhpSerializer;

/// <summary>
/// Parses the body of a <c>d:</c> token exactly as PHP's unserialize() accepts it
/// (<c>NAN</c>, <c>INF</c>, <c>-INF</c>, or <c>[+-]? (digits | digits? "." digits | digits "." digits?) ([eE] [+-]? digits)?</c>)
/// up to and including the terminating <c>;</c>. Shared by <see cref="PhpSerializedReader"/>
/// and the fast unserialize path so that both produce the same double for the same text.
/// </summary>
internal static class PhpFloatText
{
    /// <summary>What <see cref="Parse"/> found.</summary>
    internal enum Result
    {
        Ok,
        NoDigits,
        NoExponentDigits,
        EndOfData,
        NoSemicolon,
        Unparsable,
    }

    /// <summary>
    /// Parses the float text at <paramref name="pos"/>. On <see cref="Result.Ok"/>,
    /// <paramref name="at"/> is the offset just after the <c>;</c>; otherwise it is where the problem is.
    /// </summary>
    internal static Result Parse(ReadOnlySpan<byte> data, int pos, out double value, out int at)
    {
        value = 0;
        var rest = data[pos..];
        if (rest.StartsWith("NAN;"u8)) { value = double.NaN; at = pos + 4; return Result.Ok; }
        if (rest.StartsWith("INF;"u8)) { value = double.PositiveInfinity; at = pos + 4; return Result.Ok; }
        if (rest.StartsWith("-INF;"u8)) { value = double.NegativeInfinity; at = pos + 5; return Result.Ok; }
        int start = pos;
        int i = pos;
        if (i < data.Length && (data[i] == (byte)'+' || data[i] == (byte)'-')) i++;
        int before = CountDigits(data, i);
        i += before;
        int after = 0;
        if (i < data.Length && data[i] == (byte)'.')
        {
            i++;
            after = CountDigits(data, i);
            i += after;
        }
        at = i;
        if (before + after == 0) return Result.NoDigits;
        bool hasExponent = false;
        if (i < data.Length && (data[i] == (byte)'e' || data[i] == (byte)'E'))
        {
            hasExponent = true;
            i++;
            if (i < data.Length && (data[i] == (byte)'+' || data[i] == (byte)'-')) i++;
            int exp = CountDigits(data, i);
            at = i;
            if (exp == 0) return Result.NoExponentDigits;
            i += exp;
        }
        at = i;
        if (i >= data.Length) return Result.EndOfData;
        if (data[i] != (byte)';') return Result.NoSemicolon;
        if (!hasExponent && before + after <= 15)
        {
            // Exact fast path (Clinger): at most 15 digits fit a double exactly, and so does
            // 10^after; one IEEE division is correctly rounded, the same result as a full parse.
            int j = start;
            bool negative = data[j] == (byte)'-';
            if (negative || data[j] == (byte)'+') j++;
            long mantissa = 0;
            for (; j < i; j++)
            {
                byte b = data[j];
                if (b != (byte)'.') mantissa = mantissa * 10 + (b - '0');
            }
            double v = after == 0 ? mantissa : mantissa / ExactPowersOf10[after];
            value = negative ? -v : v;
            at = i + 1;
            return Result.Ok;
        }
        if (TryEiselLemire(data[start..i], out value))
        {
            at = i + 1;
            return Result.Ok;
        }
        if (!double.TryParse(data[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            at = start;
            return Result.Unparsable;
        }
        at = i + 1;
        return Result.Ok;
    }

    // Already-validated text [+-]digits[.digits][(e|E)[+-]digits] with at most 19 significant
    // digits and a modest exponent: w x 10^q by Eisel-Lemire. False: let double.TryParse do it.
    private static bool TryEiselLemire(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = text[0] == (byte)'-';
        if (negative || text[0] == (byte)'+') i++;
        ulong w = 0;
        int significant = 0, fractionDigits = 0;
        bool inFraction = false;
        for (; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == (byte)'.')
            {
                inFraction = true;
                continue;
            }
            if (b == (byte)'e' || b == (byte)'E') break;
            if (inFraction) fractionDigits++;
            if (significant == 0 && b == (byte)'0') continue; // leading zeros are not significant
            if (++significant > 19) return false;
            w = w * 10 + (ulong)(b - '0');
        }
        int exponent = 0;
        if (i < text.Length)
        {
            i++; // 'e'
            bool negativeExponent = text[i] == (byte)'-';
            if (negativeExponent || text[i] == (byte)'+') i++;
            if (text.Length - i > 5) return false;
            for (; i < text.Length; i++) exponent = exponent * 10 + (text[i] - '0');
            if (negativeExponent) exponent = -exponent;
        }
        if (w == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }
        if (!EiselLemire.TryCompute(w, exponent - fractionDigits, out double magnitude)) return false;
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static ReadOnlySpan<double> ExactPowersOf10 =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private static int CountDigits(ReadOnlySpan<byte> data, int i)
    {
        int n = 0;
        while (i + n < data.Length && (uint)(data[i + n] - '0') <= 9) n++;
        return n;
    }
}
