using System.Runtime.InteropServices;
using System.Text;

namespace PhpShmCompat.Tests.SysvShm;

/// <summary>Helpers to build and poke sysvshm byte images and canonical serialize() bytes.</summary>
internal static class ShmImages
{
    public static byte[] NewImage(int size)
    {
        var image = new byte[size];
        SysvShmLayout.Initialize(image);
        return image;
    }

    public static long ReadLong(byte[] image, int offset) => MemoryMarshal.Read<long>(image.AsSpan(offset, 8));

    public static void WriteLong(byte[] image, int offset, long value) => MemoryMarshal.Write(image.AsSpan(offset, 8), in value);

    /// <summary>PHP's serialize() of a byte string.</summary>
    public static byte[] Str(ReadOnlySpan<byte> bytes)
    {
        byte[] prefix = Encoding.ASCII.GetBytes($"s:{bytes.Length}:\"");
        var result = new byte[prefix.Length + bytes.Length + 2];
        prefix.CopyTo(result, 0);
        bytes.CopyTo(result.AsSpan(prefix.Length));
        result[^2] = (byte)'"';
        result[^1] = (byte)';';
        return result;
    }

    public static byte[] Str(string ascii) => Str(Encoding.ASCII.GetBytes(ascii));

    /// <summary>PHP's serialize() of an int.</summary>
    public static byte[] Int(long value) => Encoding.ASCII.GetBytes($"i:{value};");

    public static byte[]? Get(byte[] image, long key)
    {
        PhpShmHeader header = SysvShmLayout.ReadHeader(image);
        return SysvShmLayout.TryFind(image, header, key, out var chunk) ? SysvShmLayout.Data(image, chunk).ToArray() : null;
    }
}
