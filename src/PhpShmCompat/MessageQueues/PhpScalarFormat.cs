using System.Globalization;
using System.Text;

namespace PhpShmCompat;

/// <summary>
/// The bytes PHP's <c>msg_send($queue, $type, $scalar, serialize: false)</c> puts in the queue:
/// int in decimal, <c>true</c> "1", <c>false</c> "0", float as PHP's <c>spprintf("%F")</c>
/// (six decimals, <c>inf</c> for both infinities, <c>nan</c>, no sign on zero), strings raw.
/// </summary>
public static class PhpScalarFormat
{
    /// <summary>Longest %F output: 309 integer digits of double.MaxValue, sign, point and 6 decimals.</summary>
    public const int MaxFloatLength = 320;

    /// <summary>Writes an int as PHP does (<c>ZEND_LONG_FMT</c>); returns the bytes written.</summary>
    public static int Format(long value, Span<byte> destination)
        => value.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture) ? n : throw TooSmall();

    /// <summary>Writes a bool as PHP does ("1" or "0"); returns the bytes written.</summary>
    public static int Format(bool value, Span<byte> destination)
    {
        if (destination.IsEmpty) throw TooSmall();
        destination[0] = value ? (byte)'1' : (byte)'0';
        return 1;
    }

    /// <summary>Writes a float as PHP's <c>%F</c>; returns the bytes written.</summary>
    public static int Format(double value, Span<byte> destination)
    {
        ReadOnlySpan<byte> special =
            double.IsNaN(value) ? "nan"u8 :
            double.IsInfinity(value) ? "inf"u8 :
            value == 0 ? "0.000000"u8 : // PHP tests num < 0, so -0.0 has no sign
            default;
        if (!special.IsEmpty)
        {
            if (!special.TryCopyTo(destination)) throw TooSmall();
            return special.Length;
        }
        return value.TryFormat(destination, out int n, "F6", CultureInfo.InvariantCulture) ? n : throw TooSmall();
    }

    /// <summary>The PHP bytes of an int.</summary>
    public static byte[] ToBytes(long value)
    {
        Span<byte> buf = stackalloc byte[24];
        return buf[..Format(value, buf)].ToArray();
    }

    /// <summary>The PHP bytes of a bool.</summary>
    public static byte[] ToBytes(bool value) => value ? [(byte)'1'] : [(byte)'0'];

    /// <summary>The PHP bytes of a float.</summary>
    public static byte[] ToBytes(double value)
    {
        Span<byte> buf = stackalloc byte[MaxFloatLength];
        return buf[..Format(value, buf)].ToArray();
    }

    /// <summary>The PHP bytes of a string (its UTF-8 encoding).</summary>
    public static byte[] ToBytes(string value) => Encoding.UTF8.GetBytes(value);

    private static ArgumentException TooSmall() => new("The destination is too small for the formatted value.", "destination");
}
