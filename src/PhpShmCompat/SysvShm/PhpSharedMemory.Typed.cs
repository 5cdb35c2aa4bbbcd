using System.Buffers;
using System.Runtime.CompilerServices;
using System.Globalization;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>The typed side of <see cref="PhpSharedMemory"/>: .NET objects through <see cref="PhpSerialization"/>'s object mapping.</summary>
public sealed partial class PhpSharedMemory
{
    /// <summary>
    /// <c>shm_put_var</c> for a .NET value (POCO, record, collection, primitive, ...), serialized
    /// as PHP would serialize the equivalent PHP value (see <see cref="PhpSerialization.Serialize{T}(T, PhpSerializerOptions?)"/>).
    /// </summary>
    /// <exception cref="PhpShmFullException">It does not fit; the old value is kept.</exception>
    /// <exception cref="PhpSerializationException">The value cannot be represented.</exception>
    /// <exception cref="InvalidOperationException">The type cannot be mapped, or the segment is read-only.</exception>
    public void Put<T>(long varKey, T value, PhpSerializerOptions? options = null)
    {
        ArrayBufferWriter<byte> buffer = RentBuffer();
        PhpSerialization.Serialize(buffer, value, options);
        PutSerialized(varKey, buffer.WrittenSpan, fromValue: true);
        ReturnBuffer(buffer);
    }

    /// <summary><c>shm_get_var</c> converted to <typeparamref name="T"/>, read from the mapping into pooled memory and proven unchanged by writers during the copy (see <see cref="PhpSerialization.Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>).</summary>
    /// <exception cref="KeyNotFoundException">There is no such variable.</exception>
    /// <exception cref="PhpShmCorruptException">The bytes are not valid serialize() output, or do not fit <typeparamref name="T"/> (the inner <see cref="PhpSerializationException"/> says why).</exception>
    public T? Get<T>(long varKey, PhpSerializerOptions? options = null)
    {
        if (!TryGet(varKey, out T? value, options))
            throw new KeyNotFoundException($"variable {varKey.ToString(CultureInfo.InvariantCulture)} does not exist in sysvshm segment {PhpIpcException.FormatKey(Key)}");
        return value;
    }

    /// <summary>Like <see cref="Get{T}"/>, but returns false when the variable does not exist.</summary>
    /// <exception cref="PhpShmCorruptException">The bytes are invalid or do not fit <typeparamref name="T"/>.</exception>
    [SkipLocalsInit] // the stack copy is written before it is read
    public bool TryGet<T>(long varKey, out T? value, PhpSerializerOptions? options = null)
    {
        Span<byte> small = stackalloc byte[InlineCopyBytes];
        var scratch = new ScratchTarget();
        try
        {
            if (!TryCopyStable(varKey, small, ref scratch, out SysvShmLayout.Chunk chunk, out bool inlined))
            {
                value = default;
                return false;
            }
            try
            {
                value = PhpSerialization.Deserialize<T>(inlined ? small[..chunk.Length] : scratch.Bytes(chunk.Length), options);
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
}
