using System.Numerics;

namespace PhpSerializer;

/// <summary>
/// The facts of PHP's serialize() format that more than one reader or writer needs: class-name
/// rules, the names of PHP's incomplete class, what one element takes at least, and decimal
/// digit counting. How each token is spelled is in <see cref="PhpPrimitives"/>.
/// </summary>
internal static class PhpFormat
{
    /// <summary>The class PHP gives objects whose class it does not have.</summary>
    public static readonly byte[] IncompleteClass = "__PHP_Incomplete_Class"u8.ToArray();

    /// <summary>The property of an incomplete object that names its class.</summary>
    public static ReadOnlySpan<byte> IncompleteClassNameProperty => "__PHP_Incomplete_Class_Name"u8;

    /// <summary>The smallest element a valid container can hold: <c>i:0;</c> and <c>N;</c>.</summary>
    public const int MinBytesPerElement = 6;

    /// <summary>PHP's own bound on a count claimed in the data: every element takes at least 2 bytes.</summary>
    public const int MinBytesPerClaimedElement = 2;

    /// <summary>PHP's hash table limit (HT_MAX_SIZE on 64-bit): no container has this many elements.</summary>
    public const long MaxHashTableSize = 0x40000000;

    /// <summary>Index of the first byte PHP does not accept in a class name (<c>[A-Za-z0-9_\\\x80-\xff]</c>, no leading backslash; 0 for an empty name), or -1.</summary>
    public static int FirstInvalidClassNameByte(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            byte b = name[i];
            bool ok = (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z') || (b >= (byte)'0' && b <= (byte)'9')
                      || b == (byte)'_' || b >= 0x80 || (b == (byte)'\\' && i > 0);
            if (!ok) return i;
        }
        return name.IsEmpty ? 0 : -1;
    }

    /// <summary>10^0 .. 10^19.</summary>
    public static ReadOnlySpan<ulong> PowersOf10 =>
    [
        1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL,
        10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL, 100000000000000UL,
        1000000000000000UL, 10000000000000000UL, 100000000000000000UL, 1000000000000000000UL,
        10000000000000000000UL,
    ];

    /// <summary>Decimal digits of <paramref name="value"/> (1 for 0).</summary>
    public static int CountDigits(ulong value)
    {
        value |= 1; // same digit count (10^k is even), and 0 counts as 1 digit
        int t = ((BitOperations.Log2(value) + 1) * 1233) >> 12; // floor(log10(2^bits)): the digits, or one more
        return t + 1 - (value < PowersOf10[t] ? 1 : 0);
    }

    /// <summary>Characters of <paramref name="value"/> in decimal, with the '-'.</summary>
    public static int CountDigits(long value)
        => value < 0 ? 1 + CountDigits(unchecked(0UL - (ulong)value)) : CountDigits((ulong)value);

    private static ReadOnlySpan<byte> TwoDigits =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>Writes the decimal digits of <paramref name="value"/>, exactly filling <paramref name="d"/> (<c>d.Length == CountDigits(value)</c>).</summary>
    public static void WriteDigits(Span<byte> d, ulong value)
    {
        int i = d.Length;
        // Eight digits at a time from the right: one 64-bit division, then 32-bit arithmetic
        // whose four pairs do not wait on each other.
        while (value >= 100_000_000)
        {
            ulong q = value / 100_000_000;
            uint low = (uint)(value - (q * 100_000_000));
            value = q;
            i -= 8;
            WriteEightDigits(d.Slice(i, 8), low);
        }
        ReadOnlySpan<byte> pairs = TwoDigits;
        uint v = (uint)value; // below 10^8
        while (v >= 100)
        {
            uint q = v / 100;
            int r = (int)(v - (q * 100)) * 2;
            v = q;
            i -= 2;
            d[i + 1] = pairs[r + 1];
            d[i] = pairs[r];
        }
        if (v >= 10)
        {
            int r = (int)v * 2;
            d[1] = pairs[r + 1];
            d[0] = pairs[r];
        }
        else d[0] = (byte)('0' + (int)v);
    }

    // The eight digits of value < 10^8, leading zeros included.
    private static void WriteEightDigits(Span<byte> d, uint value)
    {
        ReadOnlySpan<byte> pairs = TwoDigits;
        uint high = value / 10_000, low = value - (high * 10_000);
        uint a = high / 100, c = low / 100;
        int b = (int)(high - (a * 100)) * 2, e = (int)(low - (c * 100)) * 2;
        d[7] = pairs[e + 1];
        d[6] = pairs[e];
        d[5] = pairs[(int)c * 2 + 1];
        d[4] = pairs[(int)c * 2];
        d[3] = pairs[b + 1];
        d[2] = pairs[b];
        d[1] = pairs[(int)a * 2 + 1];
        d[0] = pairs[(int)a * 2];
    }
}
