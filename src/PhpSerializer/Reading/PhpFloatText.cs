using System.Buffers.Binary;
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
        => Read<WithValue>(data, pos, out value, out at);

    /// <summary>
    /// The verdict and end of <see cref="Parse"/> without converting the digits to a double, for
    /// readers that convert only when the value is asked for. The verdict is Parse's: the
    /// conversion cannot fail once the text has the grammar above (the runtime's parser, the last
    /// resort, gives infinity or zero for any exponent and any number of digits).
    /// </summary>
    internal static Result Check(ReadOnlySpan<byte> data, int pos, out int at)
        => Read<WithoutValue>(data, pos, out _, out at);

    /// <summary>Whether <see cref="Read{TMode}"/> converts the digits (the JIT compiles one copy per mode).</summary>
    private interface IMode
    {
        static abstract bool ComputesValue { get; }
    }

    private readonly struct WithValue : IMode
    {
        public static bool ComputesValue => true;
    }

    private readonly struct WithoutValue : IMode
    {
        public static bool ComputesValue => false;
    }

    private static Result Read<TMode>(ReadOnlySpan<byte> data, int pos, out double value, out int at)
        where TMode : struct, IMode
    {
        value = 0;
        if ((uint)pos < (uint)data.Length && (data[pos] == (byte)'N' || data[pos] == (byte)'I' || data[pos] == (byte)'-'))
        {
            var rest = data[pos..];
            if (rest.StartsWith("NAN;"u8)) { value = double.NaN; at = pos + 4; return Result.Ok; }
            if (rest.StartsWith("INF;"u8)) { value = double.PositiveInfinity; at = pos + 4; return Result.Ok; }
            if (rest.StartsWith("-INF;"u8)) { value = double.NegativeInfinity; at = pos + 5; return Result.Ok; }
        }
        int start = pos;
        int i = pos;
        bool negative = false;
        if (i < data.Length && (data[i] == (byte)'+' || data[i] == (byte)'-'))
        {
            negative = data[i] == (byte)'-';
            i++;
        }
        // One pass over the digits: the significand w of the significant digits (exact while there
        // are at most 19 of them) for the fast conversions below.
        ulong w = 0;
        int significant = 0;
        int before = ScanDigits<TMode>(data, i, ref w, ref significant);
        i += before;
        int after = 0;
        if (i < data.Length && data[i] == (byte)'.')
        {
            i++;
            after = ScanDigits<TMode>(data, i, ref w, ref significant);
            i += after;
        }
        at = i;
        if (before + after == 0) return Result.NoDigits;
        bool hasExponent = false;
        int exponent = 0, exponentDigits = 0;
        if (i < data.Length && (data[i] == (byte)'e' || data[i] == (byte)'E'))
        {
            hasExponent = true;
            i++;
            bool negativeExponent = false;
            if (i < data.Length && (data[i] == (byte)'+' || data[i] == (byte)'-'))
            {
                negativeExponent = data[i] == (byte)'-';
                i++;
            }
            while (i + exponentDigits < data.Length && (uint)(data[i + exponentDigits] - '0') <= 9)
            {
                if (exponentDigits < 6) exponent = exponent * 10 + (data[i + exponentDigits] - '0');
                exponentDigits++;
            }
            at = i;
            if (exponentDigits == 0) return Result.NoExponentDigits;
            i += exponentDigits;
            if (negativeExponent) exponent = -exponent;
        }
        at = i;
        if (i >= data.Length) return Result.EndOfData;
        if (data[i] != (byte)';') return Result.NoSemicolon;
        if (!TMode.ComputesValue)
        {
            at = i + 1;
            return Result.Ok;
        }
        if (!hasExponent && before + after <= 15)
        {
            // Exact fast path (Clinger): at most 15 digits fit a double exactly, and so does
            // 10^after; one IEEE division is correctly rounded, the same result as a full parser.
            double v = after == 0 ? w : w / ExactPowersOf10[after];
            value = negative ? -v : v;
            at = i + 1;
            return Result.Ok;
        }
        if (significant <= 19 && exponentDigits <= 5)
        {
            // w x 10^(exponent - after) by Eisel-Lemire, or declined for the full parser.
            if (w == 0)
            {
                value = negative ? -0.0 : 0.0;
                at = i + 1;
                return Result.Ok;
            }
            if (EiselLemire.TryCompute(w, exponent - after, out double magnitude))
            {
                value = negative ? -magnitude : magnitude;
                at = i + 1;
                return Result.Ok;
            }
        }
        if (!double.TryParse(data[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            at = start;
            return Result.Unparsable;
        }
        at = i + 1;
        return Result.Ok;
    }

    // Counts the digits at i and, when the value is wanted, adds the significant ones (those after
    // leading zeros) to w while there are at most 19 of them; significant counts them all.
    private static int ScanDigits<TMode>(ReadOnlySpan<byte> data, int i, ref ulong w, ref int significant)
        where TMode : struct, IMode
    {
        int n = 0;
        // Leading zeros count for nothing; after them every digit is significant, so eight digits
        // go into w at a time while w stays within 19 digits; the rest one at a time.
        if (TMode.ComputesValue && significant == 0)
        {
            while (i + n < data.Length && data[i + n] == (byte)'0') n++;
        }
        while (data.Length - (i + n) >= 8 && (!TMode.ComputesValue || significant <= 11))
        {
            ulong eight = BinaryPrimitives.ReadUInt64LittleEndian(data[(i + n)..]);
            if (!AreEightDigits(eight)) break;
            if (TMode.ComputesValue)
            {
                w = w * 100_000_000 + EightDigitsValue(eight);
                significant += 8;
            }
            n += 8;
        }
        while (i + n < data.Length)
        {
            uint d = (uint)(data[i + n] - '0');
            if (d > 9) break;
            if (TMode.ComputesValue && (significant > 0 || d != 0))
            {
                if (significant < 19) w = w * 10 + d;
                significant++;
            }
            n++;
        }
        return n;
    }

    // Whether each byte of the word is '0'..'9': adding 0x46 carries into bit 7 for bytes over
    // '9', subtracting 0x30 borrows into it for bytes under '0' (or for a byte with bit 7 set).
    private static bool AreEightDigits(ulong eight)
        => (((eight + 0x4646464646464646UL) | (eight - 0x3030303030303030UL)) & 0x8080808080808080UL) == 0;

    // The value of eight ASCII digits, the first in the low byte: pairs, then fours, then all.
    private static ulong EightDigitsValue(ulong eight)
    {
        ulong v = eight - 0x3030303030303030UL;
        v = (v * 10) + (v >> 8); // each even byte: two digits (00..99)
        v = (((v & 0x000000FF000000FFUL) * (100 + (1_000_000UL << 32))) + (((v >> 16) & 0x000000FF000000FFUL) * (1 + (10_000UL << 32)))) >> 32;
        return v;
    }

    private static ReadOnlySpan<double> ExactPowersOf10 =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
}
