using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// The field width of a sysvshm segment. Every header and chunk field is a PHP
/// <c>zend_long</c>: 8 bytes written by 64-bit PHP (header 40 bytes, chunk header 24), 4 bytes
/// written by 32-bit PHP (header 24 bytes, chunk header 12). The chunk size rule is the same in
/// both: the data plus <c>sizeof(sysvshm_chunk)</c> (32, or 16), rounded down to the word, plus
/// one word.
/// </summary>
internal readonly struct SysvShmFormat
{
    /// <summary>32-bit PHP's chunk header: key, length, next, 4 bytes each.</summary>
    public const int ChunkHeaderSize32 = 12;

    public static readonly SysvShmFormat Php64 = new(8);
    public static readonly SysvShmFormat Php32 = new(4);

    private SysvShmFormat(int wordSize) => WordSize = wordSize;

    /// <summary>Bytes per field: 8 or 4.</summary>
    public int WordSize { get; }

    public bool Is32Bit => WordSize == 4;

    public PhpShmLayout Layout => Is32Bit ? PhpShmLayout.Php32 : PhpShmLayout.Php64;

    public string Name => Is32Bit ? "32-bit" : "64-bit";

    /// <summary><c>sizeof(sysvshm_chunk_head)</c>: the 8-byte magic and four fields.</summary>
    public int HeaderSize => 8 + (4 * WordSize);

    public int ChunkHeaderSize => 3 * WordSize;

    public int StartOffset => 8;
    public int EndOffset => 8 + WordSize;
    public int FreeOffset => 8 + (2 * WordSize);
    public int TotalOffset => 8 + (3 * WordSize);

    /// <summary>The smallest value a field holds (PHP's <c>ZEND_LONG_MIN</c>).</summary>
    public long MinField => Is32Bit ? int.MinValue : long.MinValue;

    /// <summary>The largest value a field holds (PHP's <c>ZEND_LONG_MAX</c>).</summary>
    public long MaxField => Is32Bit ? int.MaxValue : long.MaxValue;

    /// <summary>PHP's chunk size for <paramref name="length"/> data bytes:
    /// <c>((length + sizeof(sysvshm_chunk) - 1) / W) * W + W</c>, with <c>sizeof(sysvshm_chunk)</c> = 4W.</summary>
    public long ChunkSize(long length) => ((length + (4 * WordSize) - 1) / WordSize * WordSize) + WordSize;

    /// <summary>Reads a field (32-bit values are sign-extended, as a 32-bit <c>zend_long</c> is signed).</summary>
    public long Read(ReadOnlySpan<byte> segment, int offset)
        => Is32Bit ? MemoryMarshal.Read<int>(segment.Slice(offset, 4)) : MemoryMarshal.Read<long>(segment.Slice(offset, 8));

    /// <summary>Writes a field; callers pass values that fit (sizes within the segment, checked keys).</summary>
    public void Write(Span<byte> segment, int offset, long value)
    {
        if (Is32Bit)
        {
            int narrow = checked((int)value);
            MemoryMarshal.Write(segment.Slice(offset, 4), in narrow);
        }
        else
        {
            MemoryMarshal.Write(segment.Slice(offset, 8), in value);
        }
    }

    /// <summary>
    /// The layout of <paramref name="segment"/> for <paramref name="requested"/>. Detection: a
    /// header whose first field, read as 4 bytes, is 24 is 32-bit PHP's (32-bit PHP always writes
    /// start = 24). A 64-bit header can never be valid with those bytes (its start would be 24,
    /// below 40, or above 2^32), so no valid 64-bit segment is read as 32-bit and a 64-bit header
    /// is checked exactly as before. Anything else, a segment without the magic included, is 64-bit.
    /// </summary>
    public static SysvShmFormat For(ReadOnlySpan<byte> segment, PhpShmLayout requested) => requested switch
    {
        PhpShmLayout.Php64 => Php64,
        PhpShmLayout.Php32 => Php32,
        _ => Detect(segment),
    };

    private static SysvShmFormat Detect(ReadOnlySpan<byte> segment)
        => segment.Length >= 24 && SysvShmLayout.HasMagic(segment) && MemoryMarshal.Read<int>(segment.Slice(8, 4)) == 24 ? Php32 : Php64;
}
