using PhpSerializer;

namespace PhpShmCompat.Fuzz;

/// <summary>
/// The sysvshm layout engine over the input as a segment image: validate, read the header,
/// list keys, look up and unserialize every variable, then put and remove on a copy framed by
/// guard bytes. Only <see cref="PhpShmCorruptException"/>, <see cref="PhpShmFullException"/>
/// and <see cref="PhpSerializationException"/> may escape the library; the guard bytes must
/// stay untouched (no write outside the segment).
/// </summary>
internal sealed class SegmentTarget : IFuzzTarget
{
    private const int Guard = 64;
    private const byte GuardByte = 0xA5;

    public string Name => "segment";

    public void Run(ReadOnlySpan<byte> input)
    {
        var guard = AllocationGuard.Start(input.Length);
        _ = SysvShmLayout.Validate(input);
        List<long> keys;
        try
        {
            SysvShmLayout.ReadHeader(input);
            keys = SysvShmLayout.Keys(input);
        }
        catch (PhpShmCorruptException)
        {
            keys = [];
        }
        foreach (long key in keys) ReadVariable(input, key);
        guard.Check("reading the segment");

        byte[] framed = new byte[input.Length + 2 * Guard];
        framed.AsSpan().Fill(GuardByte);
        input.CopyTo(framed.AsSpan(Guard));
        Span<byte> segment = framed.AsSpan(Guard, input.Length);
        long putKey = keys.Count > 0 ? keys[^1] : input.Length;
        try
        {
            SysvShmLayout.Put(segment, putKey, "s:3:\"new\";"u8);
        }
        catch (Exception e) when (e is PhpShmCorruptException or PhpShmFullException) { }
        try
        {
            SysvShmLayout.Remove(segment, keys.Count > 0 ? keys[0] : 0);
        }
        catch (PhpShmCorruptException) { }
        CheckGuards(framed);
        _ = SysvShmLayout.Validate(segment);
    }

    private static void ReadVariable(ReadOnlySpan<byte> segment, long key)
    {
        try
        {
            PhpShmHeader header = SysvShmLayout.ReadHeader(segment);
            if (!SysvShmLayout.TryFind(segment, header, key, out SysvShmLayout.Chunk chunk))
                throw new FuzzInvariantException($"key {key} listed by Keys() but not found");
            _ = PhpSerialization.Unserialize(SysvShmLayout.Data(segment, chunk));
        }
        catch (Exception e) when (e is PhpShmCorruptException or PhpSerializationException) { }
    }

    private static void CheckGuards(byte[] framed)
    {
        for (int i = 0; i < Guard; i++)
        {
            if (framed[i] != GuardByte || framed[^(i + 1)] != GuardByte)
                throw new FuzzInvariantException("a write landed outside the segment span");
        }
    }
}
