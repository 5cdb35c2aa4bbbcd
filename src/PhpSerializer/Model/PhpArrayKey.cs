using System.Text;

namespace PhpSerializer;

/// <summary>
/// A PHP array key: an int64 or a byte string. <see cref="FromString(ReadOnlySpan{byte})"/>
/// applies PHP's key normalisation (a canonical decimal integer string such as <c>"5"</c> or
/// <c>"-3"</c> becomes an int key; <c>"05"</c>, <c>"-0"</c>, <c>"+1"</c> and
/// <c>"9223372036854775808"</c> stay strings). Object property names use
/// <see cref="RawString(ReadOnlySpan{byte})"/>, which never normalises.
/// </summary>
public readonly struct PhpArrayKey : IEquatable<PhpArrayKey>
{
    private readonly byte[]? _string;
    private readonly long _int;

    private PhpArrayKey(long value)
    {
        _int = value;
        _string = null;
    }

    private PhpArrayKey(byte[] value)
    {
        _int = 0;
        _string = value;
    }

    /// <summary>True for an int key, false for a string key.</summary>
    public bool IsInt => _string is null;

    /// <summary>True for a string key.</summary>
    public bool IsString => _string is not null;

    /// <summary>The int value; throws for string keys.</summary>
    public long IntValue => _string is null ? _int : ThrowStringKey();

    /// <summary>The bytes of a string key; throws for int keys.</summary>
    public ReadOnlySpan<byte> StringBytes => _string ?? ThrowIntKey();

    /// <summary>The string key decoded as UTF-8 (invalid bytes become U+FFFD); throws for int keys.</summary>
    public string StringValue => Encoding.UTF8.GetString(_string ?? throw new InvalidOperationException("The key is an int key."));

    /// <summary>An int key.</summary>
    public static PhpArrayKey FromInt(long value) => new(value);

    /// <summary>A key from string bytes with PHP's integer-string normalisation (like <c>$a["5"]</c>).</summary>
    public static PhpArrayKey FromString(ReadOnlySpan<byte> bytes)
        => TryParseCanonicalInt(bytes, out long value) ? new PhpArrayKey(value) : new PhpArrayKey(bytes.ToArray());

    // Takes ownership of the array (no copy); normalises like FromString.
    internal static PhpArrayKey FromOwnedString(byte[] bytes)
        => TryParseCanonicalInt(bytes, out long value) ? new PhpArrayKey(value) : new PhpArrayKey(bytes);

    /// <summary>A key from UTF-8 text with PHP's integer-string normalisation.</summary>
    public static PhpArrayKey FromString(string text) => FromString(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    /// <summary>A string key exactly as given, without normalisation (object property names).</summary>
    public static PhpArrayKey RawString(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>A string key exactly as given (UTF-8), without normalisation.</summary>
    public static PhpArrayKey RawString(string text) => new(Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    internal static PhpArrayKey OwnedString(byte[] bytes) => new(bytes);

    /// <summary>An int key.</summary>
    public static implicit operator PhpArrayKey(long value) => FromInt(value);

    /// <summary>A normalised string key (see <see cref="FromString(string)"/>).</summary>
    public static implicit operator PhpArrayKey(string text) => FromString(text);

    /// <summary>
    /// True when <paramref name="s"/> is what PHP's <c>ZEND_HANDLE_NUMERIC_STR</c> treats as an
    /// integer: optional '-', no leading zeros (except "0" itself), not "-0", within int64.
    /// </summary>
    public static bool TryParseCanonicalInt(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 20) return false;
        int i = 0;
        bool negative = false;
        if (s[0] == (byte)'-')
        {
            negative = true;
            i = 1;
            if (s.Length == 1) return false;
        }
        if (s[i] == (byte)'0')
        {
            if (s.Length - i != 1 || negative) return false; // "05", "-0"
            return true;
        }
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            if (acc > (ulong.MaxValue - d) / 10) return false;
            acc = acc * 10 + d;
        }
        if (negative)
        {
            if (acc > 9223372036854775808UL) return false;
            value = acc == 9223372036854775808UL ? long.MinValue : -(long)acc;
            return true;
        }
        if (acc > long.MaxValue) return false;
        value = (long)acc;
        return true;
    }

    /// <inheritdoc />
    public bool Equals(PhpArrayKey other)
    {
        if (_string is null) return other._string is null && _int == other._int;
        // Keys read from input often share one array (NameCache): same array, same key.
        return other._string is not null && (ReferenceEquals(_string, other._string) || _string.AsSpan().SequenceEqual(other._string));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PhpArrayKey k && Equals(k);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Both halves through the per-process seeded HashCode: long.GetHashCode() (lo ^ hi) is 0
        // for every (i << 32) | i, so input could pick thousands of colliding keys and make
        // building an array quadratic. (HashCode.Combine(_int) would only mix that same int.)
        if (_string is null) return HashCode.Combine((int)_int, (int)(_int >> 32));
        var h = new HashCode();
        h.AddBytes(_string);
        return h.ToHashCode();
    }

    /// <summary>Equality of keys.</summary>
    public static bool operator ==(PhpArrayKey left, PhpArrayKey right) => left.Equals(right);

    /// <summary>Inequality of keys.</summary>
    public static bool operator !=(PhpArrayKey left, PhpArrayKey right) => !left.Equals(right);

    // Throws kept out of the accessors so that they inline.
    private static long ThrowStringKey() => throw new InvalidOperationException("The key is a string key.");

    private static byte[] ThrowIntKey() => throw new InvalidOperationException("The key is an int key.");

    /// <summary>The key as var_dump shows it: <c>[5]</c> or <c>["name"]</c> (non-printable bytes escaped).</summary>
    public override string ToString() => _string is null ? $"[{_int}]" : $"[\"{PhpValueDumper.EscapeBytes(_string)}\"]";
}
