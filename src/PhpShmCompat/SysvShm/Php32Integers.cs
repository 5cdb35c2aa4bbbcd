using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>
/// Makes <c>serialize()</c> bytes what 32-bit PHP would write for the same value: int values
/// outside its int range become floats, as 32-bit PHP holds them (see <see cref="PhpShmLargeIntegers"/>).
/// </summary>
internal static class Php32Integers
{
    /// <summary>The rewritten bytes, or null when <paramref name="serialized"/> already fits 32-bit PHP.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An array key outside the range (always), or an int
    /// value outside it when <paramref name="mode"/> is <see cref="PhpShmLargeIntegers.Throw"/>.</exception>
    [SuppressMessage("Usage", "CA2208", Justification = "The bad int is the caller's value argument of Put, which this helper checks on its behalf.")]
    public static byte[]? Narrow(ReadOnlySpan<byte> serialized, PhpShmLargeIntegers mode, long varKey)
    {
        List<(int Start, int End, long Value)>? wide = null;
        var reader = new PhpSerializedReader(serialized);
        while (reader.Read())
        {
            if (reader.TokenType is not (PhpTokenType.Int or PhpTokenType.IntKey)) continue;
            long v = reader.GetInt64();
            if (v is >= int.MinValue and <= int.MaxValue) continue;
            if (reader.TokenType == PhpTokenType.IntKey)
                throw new ArgumentOutOfRangeException("value", v, $"variable {varKey.ToString(CultureInfo.InvariantCulture)}: 32-bit PHP cannot unserialize an array key beyond its int range (-2147483648..2147483647)");
            if (mode == PhpShmLargeIntegers.Throw)
                throw new ArgumentOutOfRangeException("value", v, $"variable {varKey.ToString(CultureInfo.InvariantCulture)}: the int is beyond 32-bit PHP's int range (-2147483648..2147483647)");
            if (mode == PhpShmLargeIntegers.AsInt) continue;
            (wide ??= []).Add((reader.TokenStartIndex, reader.BytesConsumed, v));
        }
        if (wide is null) return null;

        var output = new List<byte>(serialized.Length + (wide.Count * 8));
        Span<byte> digits = stackalloc byte[PhpFloatFormatter.MaxLength];
        int copied = 0;
        foreach ((int start, int end, long value) in wide)
        {
            output.AddRange(serialized[copied..start]);
            output.Add((byte)'d');
            output.Add((byte)':');
            int n = PhpFloatFormatter.Format(value, digits);
            output.AddRange(digits[..n]);
            output.Add((byte)';');
            copied = end;
        }
        output.AddRange(serialized[copied..]);
        return output.ToArray();
    }
}
