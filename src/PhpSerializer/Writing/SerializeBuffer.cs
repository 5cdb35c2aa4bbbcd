using System.Buffers;
using System.Numerics;

namespace PhpSerializer;

/// <summary>
/// The per-thread output buffer behind the <c>byte[]</c>-returning Serialize overloads: the
/// value is written once into a reused buffer and copied once into an exactly sized array,
/// instead of growing a fresh buffer by doubling (each step a new zeroed array and a copy;
/// large strings landed on the LOH and forced gen-2 collections) and then copying it again.
/// Taken out while in use, so a nested Serialize (from a converter) gets its own.
/// </summary>
internal static class SerializeBuffer
{
    private const int MaxRetainedCapacity = 1 << 20; // do not keep huge buffers alive per thread

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    public static ArrayBufferWriter<byte> Rent()
    {
        ArrayBufferWriter<byte> buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    /// <summary>An exactly sized copy of what was written (not zeroed first: every byte is overwritten).</summary>
    public static byte[] ToArray(ArrayBufferWriter<byte> buffer)
    {
        ReadOnlySpan<byte> written = buffer.WrittenSpan;
        byte[] result = GC.AllocateUninitializedArray<byte>(written.Length);
        written.CopyTo(result);
        return result;
    }

    public static void Return(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= MaxRetainedCapacity) t_buffer = buffer;
    }

    [ThreadStatic] private static byte[]? t_bytes;

    /// <summary>
    /// A per-thread scratch array of at least <paramref name="minimumLength"/> bytes (contents
    /// undefined) for <see cref="FastTreeWriter"/>: its first one-pass attempt, and values whose
    /// size is only bounded (floats). Give it back with <see cref="ReturnBytes"/>. Taken out while
    /// in use, like the buffer above; arrays over 1 MiB are not kept.
    /// </summary>
    public static byte[] RentBytes(int minimumLength)
    {
        byte[]? bytes = t_bytes;
        if (bytes is not null && bytes.Length >= minimumLength)
        {
            t_bytes = null;
            return bytes;
        }
        if (minimumLength > MaxRetainedCapacity) return GC.AllocateUninitializedArray<byte>(minimumLength); // used once, not kept
        return GC.AllocateUninitializedArray<byte>((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(minimumLength, 4096)));
    }

    public static void ReturnBytes(byte[] bytes)
    {
        if (bytes.Length <= MaxRetainedCapacity && (t_bytes is null || t_bytes.Length < bytes.Length)) t_bytes = bytes;
    }
}
