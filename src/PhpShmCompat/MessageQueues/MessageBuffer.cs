using System.Buffers;
using System.Runtime.InteropServices;

namespace PhpShmCompat.MessageQueues;

/// <summary>
/// A pooled <c>struct msgbuf</c> under construction: 8 bytes of <c>mtype</c>, then the payload
/// written through <see cref="IBufferWriter{T}"/>. Return it to the pool with <see cref="Dispose"/>.
/// </summary>
internal sealed class MessageBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written; // bytes used, mtype included

    internal MessageBuffer(long type, int payloadHint)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Interop.Msg.MtypeSize + Math.Max(payloadHint, 256));
        MemoryMarshal.Write(_buffer, in type); // C long, native byte order
        _written = Interop.Msg.MtypeSize;
    }

    /// <summary>Payload bytes written so far.</summary>
    internal int PayloadLength => _written - Interop.Msg.MtypeSize;

    /// <summary>The whole buffer: mtype and payload.</summary>
    internal byte[] Array => _buffer;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _buffer.Length - _written) throw new InvalidOperationException("Advanced past the end of the buffer.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - _written >= sizeHint) return;
        long wanted = Math.Max((long)_buffer.Length * 2, (long)_written + sizeHint);
        if (wanted > System.Array.MaxLength) wanted = System.Array.MaxLength;
        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)wanted);
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
