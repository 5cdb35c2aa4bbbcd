using System.Buffers;
using System.Runtime.CompilerServices;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>The value-model side of <see cref="PhpSharedMemory"/>: PHP <c>serialize()</c> through <see cref="PhpSerialization"/>.</summary>
public sealed partial class PhpSharedMemory
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// <c>shm_put_var</c>: serializes <paramref name="value"/> exactly as PHP's <c>serialize()</c>
    /// and stores it; an existing value is replaced and moves to the end, as in PHP.
    /// </summary>
    /// <exception cref="PhpShmFullException">It does not fit; the old value is kept (PHP would have deleted it).</exception>
    /// <exception cref="PhpSerializationException">The value cannot be serialized within <paramref name="options"/>' limits.</exception>
    public void Put(long varKey, PhpValue value, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArrayBufferWriter<byte> buffer = RentBuffer();
        PhpSerialization.Serialize(buffer, value, options);
        PutSerialized(varKey, buffer.WrittenSpan, fromValue: true);
        ReturnBuffer(buffer);
    }

    /// <summary><c>shm_get_var</c>: the variable's value (trailing bytes inside its length are ignored, as PHP does), read from a copy proven unchanged by writers during the copy (pooled memory, no allocation for it).</summary>
    /// <exception cref="KeyNotFoundException">There is no such variable (PHP: "Variable key ... doesn't exist").</exception>
    /// <exception cref="PhpShmCorruptException">The segment, or the variable's bytes (PHP: "Variable data in shared memory is corrupted"), are invalid.</exception>
    public PhpValue Get(long varKey, PhpSerializerOptions? options = null)
        => TryGet(varKey, out PhpValue? value, options)
            ? value
            : throw new KeyNotFoundException($"variable {varKey.ToString(CultureInfo.InvariantCulture)} does not exist in sysvshm segment {PhpIpcException.FormatKey(Key)}");

    /// <summary>Like <see cref="Get"/>, but returns false when the variable does not exist.</summary>
    /// <exception cref="PhpShmCorruptException">The segment or the variable's bytes are invalid.</exception>
    [SkipLocalsInit] // the stack copy is written before it is read
    public bool TryGet(long varKey, [NotNullWhen(true)] out PhpValue? value, PhpSerializerOptions? options = null)
    {
        Span<byte> small = stackalloc byte[InlineCopyBytes];
        var scratch = new ScratchTarget();
        try
        {
            if (!TryCopyStable(varKey, small, ref scratch, out SysvShmLayout.Chunk chunk, out bool inlined))
            {
                value = null;
                return false;
            }
            try
            {
                value = PhpSerialization.Unserialize(inlined ? small[..chunk.Length] : scratch.Bytes(chunk.Length), out _, options);
                return true;
            }
            catch (PhpSerializationException e)
            {
                throw DataCorrupt(chunk, e);
            }
        }
        finally
        {
            scratch.Release();
        }
    }

    internal PhpShmCorruptException DataCorrupt(SysvShmLayout.Chunk chunk, PhpSerializationException e)
    {
        long at = e.Offset >= 0 ? chunk.DataOffset + e.Offset : chunk.DataOffset;
        var problem = new PhpShmProblem("chunk.data", at, e.Reason, "valid PHP serialize() output");
        return new PhpShmCorruptException(problem, Key, chunk.Key, e);
    }

    private static ArrayBufferWriter<byte> RentBuffer()
    {
        ArrayBufferWriter<byte> buffer = t_buffer ?? new ArrayBufferWriter<byte>(512);
        t_buffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    private static void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= 1 << 20) t_buffer = buffer; // do not pin huge buffers per thread
    }
}
