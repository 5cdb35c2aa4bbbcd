using System.Text;

namespace PhpSerializer;

/// <summary>
/// PHP string: a sequence of raw bytes (PHP strings are not text). UTF-8 helpers are provided,
/// but the bytes are authoritative: NUL and invalid UTF-8 bytes round-trip unchanged.
/// </summary>
public sealed class PhpString : PhpValue
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly byte[] _bytes; // the string is _bytes[_offset.._offset+_length]: a whole array, or a slice of a no-copy input
    private readonly int _offset;
    private readonly int _length;

    /// <summary>The empty string.</summary>
    public static readonly PhpString Empty = new(Array.Empty<byte>(), copy: false);

    /// <summary>Creates a PHP string holding a copy of <paramref name="bytes"/>.</summary>
    public PhpString(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
        _length = _bytes.Length;
    }

    /// <summary>Creates a PHP string holding the UTF-8 encoding of <paramref name="text"/>.</summary>
    public PhpString(string text)
    {
        _bytes = Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text)));
        _length = _bytes.Length;
    }

    private PhpString(byte[] bytes, bool copy)
    {
        _bytes = copy ? (byte[])bytes.Clone() : bytes;
        _length = _bytes.Length;
    }

    // A view of bytes[offset..offset+length] (no copy): the no-copy unserialize mode.
    private PhpString(byte[] bytes, int offset, int length)
    {
        _bytes = bytes;
        _offset = offset;
        _length = length;
    }

    /// <summary>A string that is a view of <paramref name="bytes"/>[offset..offset+length]; the caller must not modify those bytes afterwards.</summary>
    internal static PhpString FromSlice(byte[] bytes, int offset, int length) => new(bytes, offset, length);

    /// <summary>Wraps <paramref name="bytes"/> without copying; the caller must not modify the array afterwards.</summary>
    public static PhpString FromOwnedBytes(byte[] bytes) => new(bytes ?? throw new ArgumentNullException(nameof(bytes)), copy: false);

    /// <summary>The bytes of the string.</summary>
    public ReadOnlySpan<byte> Span => new(_bytes, _offset, _length);

    /// <summary>The bytes of the string as memory.</summary>
    public ReadOnlyMemory<byte> Memory => new(_bytes, _offset, _length);

    /// <summary>Number of bytes (PHP <c>strlen</c>).</summary>
    public int Length => _length;

    /// <summary>Returns a copy of the bytes.</summary>
    public byte[] ToArray() => Span.ToArray();

    /// <summary>Decodes the bytes as UTF-8, replacing invalid sequences with U+FFFD.</summary>
    public string ToUtf8String() => Encoding.UTF8.GetString(Span);

    /// <summary>Decodes the bytes as UTF-8; false when they are not valid UTF-8.</summary>
    public bool TryGetUtf8String(out string text)
    {
        try
        {
            text = StrictUtf8.GetString(Span);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.String;
}
