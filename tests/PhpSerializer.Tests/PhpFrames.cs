using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests;

/// <summary>uint32-LE length-prefixed framing used to pass many values to/from one php process.</summary>
internal static class PhpFrames
{
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "php", name);

    public static byte[] Frame(IEnumerable<byte[]> items)
    {
        using var ms = new MemoryStream();
        Span<byte> header = stackalloc byte[4];
        foreach (var item in items)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)item.Length);
            ms.Write(header);
            ms.Write(item);
        }
        return ms.ToArray();
    }

    public static List<byte[]> Unframe(byte[] data)
    {
        var list = new List<byte[]>();
        int pos = 0;
        while (pos < data.Length)
        {
            int n = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos));
            list.Add(data.AsSpan(pos + 4, n).ToArray());
            pos += 4 + n;
        }
        return list;
    }

    /// <summary>Runs roundtrip.php over <paramref name="inputs"/>: for each, null when PHP's unserialize() failed, else serialize(unserialize(x)).</summary>
    public static List<byte[]?> PhpRoundTrip(IReadOnlyList<byte[]> inputs)
    {
        var result = PhpRunner.RunFile(Script("roundtrip.php"), Frame(inputs)).EnsureSuccess();
        var frames = Unframe(result.Stdout);
        Assert.Equal(inputs.Count, frames.Count);
        return frames.Select(f => f[0] == (byte)'1' ? f[1..] : null).ToList();
    }

    public static string Show(byte[] bytes) => PhpValueDumper.EscapeBytes(bytes);
}
