using System.Runtime.InteropServices;

namespace PhpShmCompat.Tests.Hostile;

/// <summary>
/// Seeded corruption of sysvshm segment images: header and chunk fields set to boundary and
/// random values (located by walking the valid chain first), bit flips, 8-byte overwrites at
/// any offset, damaged serialized data, and images cut or grown so the kernel size no longer
/// matches the header. Same seed, same images.
/// </summary>
internal sealed class SegmentImageCorruptor(int seed)
{
    private readonly Random _rng = new(seed);

    public Random Random => _rng;

    /// <summary>A corrupted copy of <paramref name="valid"/> (1..3 stacked corruptions).</summary>
    public byte[] Corrupt(byte[] valid)
    {
        byte[] image = (byte[])valid.Clone();
        List<int> chunks = ChunkOffsets(image);
        int rounds = 1 + _rng.Next(3);
        for (int r = 0; r < rounds; r++) image = CorruptOnce(image, chunks);
        return image;
    }

    private byte[] CorruptOnce(byte[] image, List<int> chunks)
    {
        switch (_rng.Next(8))
        {
            case 0 or 1 when image.Length >= SysvShmLayout.HeaderSize: // a header field (start/end/free/total)
                WriteLong(image, 8 * (1 + _rng.Next(4)), Interesting(image.Length));
                return image;
            case 2 or 3 when chunks.Count > 0: // a chunk field (key/length/next)
                {
                    int at = chunks[_rng.Next(chunks.Count)] + 8 * _rng.Next(3);
                    if (at + 8 <= image.Length) WriteLong(image, at, Interesting(image.Length));
                    return image;
                }
            case 4 when image.Length >= 8: // any aligned or unaligned 8 bytes
                WriteLong(image, _rng.Next(image.Length - 7), Interesting(image.Length));
                return image;
            case 5 when image.Length > 0: // bit flips (magic, data, padding alike)
                for (int k = 1 + _rng.Next(4); k > 0; k--) image[_rng.Next(image.Length)] ^= (byte)(1 << _rng.Next(8));
                return image;
            case 6 when chunks.Count > 0: // damage the serialized data of a variable
                {
                    int data = chunks[_rng.Next(chunks.Count)] + SysvShmLayout.ChunkHeaderSize;
                    if (data < image.Length) image[data + _rng.Next(Math.Min(16, image.Length - data))] = (byte)"{};:\"9a0-"[_rng.Next(9)];
                    return image;
                }
            default: // the kernel size no longer matches: cut or grow the image
                {
                    int size = _rng.Next(3) switch
                    {
                        0 => _rng.Next(0, SysvShmLayout.HeaderSize + 8),
                        1 => _rng.Next(0, image.Length + 1),
                        _ => image.Length + _rng.Next(1, 64),
                    };
                    byte[] resized = new byte[size];
                    image.AsSpan(0, Math.Min(size, image.Length)).CopyTo(resized);
                    return resized;
                }
        }
    }

    private long Interesting(int size) => _rng.Next(14) switch
    {
        0 => 0,
        1 => -1,
        2 => long.MinValue,
        3 => long.MaxValue,
        4 => size,
        5 => size + 1,
        6 => size - 1,
        7 => SysvShmLayout.HeaderSize,
        8 => SysvShmLayout.ChunkHeaderSize,
        9 => int.MaxValue + 1L,
        10 => uint.MaxValue,
        11 => size + 8L * _rng.Next(-8, 9),
        12 => _rng.Next(-64, size + 64),
        _ => _rng.NextInt64(long.MinValue, long.MaxValue),
    };

    /// <summary>Offsets of the chunks of a valid image (empty when it does not validate).</summary>
    private static List<int> ChunkOffsets(byte[] image)
    {
        var offsets = new List<int>();
        if (!SysvShmLayout.Validate(image).IsValid) return offsets;
        long pos = ReadLong(image, SysvShmLayout.StartOffset), end = ReadLong(image, SysvShmLayout.EndOffset);
        while (pos < end)
        {
            offsets.Add((int)pos);
            pos += ReadLong(image, (int)pos + 16);
        }
        return offsets;
    }

    private static long ReadLong(byte[] image, int offset) => MemoryMarshal.Read<long>(image.AsSpan(offset, 8));

    private static void WriteLong(byte[] image, int offset, long value) => MemoryMarshal.Write(image.AsSpan(offset, 8), in value);
}
