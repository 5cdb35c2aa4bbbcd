using System.Runtime.CompilerServices;

namespace PhpSerializer;

/// <summary>
/// The token reads of <see cref="DocumentBuilder"/> and <see cref="FastTreeParser"/> (one code for
/// both, so the document and the value model accept exactly the same forms), on a position the
/// caller keeps in a local, so a whole document is scanned without a parser object in memory.
/// Each returns false where the general path has to decide, leaving the position as it was.
/// </summary>
internal static class DocumentTokens
{
    /// <summary>[-]digits then <paramref name="terminator"/>: at most 19 digits and within int64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Int(ReadOnlySpan<byte> data, ref int pos, byte terminator, out long value)
    {
        int p = pos;
        value = 0;
        bool negative = false;
        if ((uint)p < (uint)data.Length && data[p] == (byte)'-')
        {
            negative = true;
            p++;
        }
        int start = p;
        ulong acc = 0;
        while ((uint)p < (uint)data.Length)
        {
            uint digit = (uint)(data[p] - '0');
            if (digit > 9) break;
            acc = acc * 10 + digit; // wraps past 19 digits, which are refused below
            p++;
        }
        if (p == start || p - start > 19 || (uint)p >= (uint)data.Length || data[p] != terminator) return false;
        if (negative)
        {
            if (acc > 9223372036854775808UL) return false;
            value = unchecked(-(long)acc);
        }
        else
        {
            if (acc > long.MaxValue) return false;
            value = (long)acc;
        }
        pos = p + 1;
        return true;
    }

    /// <summary>digits then <paramref name="terminator"/>: a length or count of at most 9 digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Length(ReadOnlySpan<byte> data, ref int pos, byte terminator, out int value)
    {
        int p = pos;
        int acc = 0;
        value = 0;
        while ((uint)p < (uint)data.Length)
        {
            uint digit = (uint)(data[p] - '0');
            if (digit > 9) break;
            acc = unchecked((acc * 10) + (int)digit); // wraps past 9 digits, which are refused below
            p++;
        }
        if (p == pos || p - pos > 9 || (uint)p >= (uint)data.Length || data[p] != terminator) return false;
        value = acc;
        pos = p + 1;
        return true;
    }

    /// <summary><c>len:"bytes";</c> (at the length): the body's offset and length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool StringBody(ReadOnlySpan<byte> data, ref int pos, int maxLength, out int start, out int length)
    {
        start = 0;
        int p = pos;
        if (!Length(data, ref p, (byte)':', out length) || (uint)p >= (uint)data.Length || data[p] != (byte)'"') return false;
        start = p + 1;
        if (length > data.Length - start - 2 || length > maxLength) return false;
        if (data[start + length] != (byte)'"' || data[start + length + 1] != (byte)';') return false;
        pos = start + length + 2;
        return true;
    }

    /// <summary>The byte <paramref name="expected"/> at the position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Byte(ReadOnlySpan<byte> data, ref int pos, byte expected)
    {
        if ((uint)pos >= (uint)data.Length || data[pos] != expected) return false;
        pos++;
        return true;
    }
}
