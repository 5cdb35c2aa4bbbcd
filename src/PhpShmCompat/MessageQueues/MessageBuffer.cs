using System.Buffers;
using System.Runtime.InteropServices;

namespace PhpShmCompat.MessageQueues;

/// <summary>
/// A pooled <c>struct msgbuf</c> under construction: 8 bytes of <c>mtype</c>, then the payload
/// written through <see cref="IBufferWriter{T}"/>. Take one with <see cref="Start"/> and give it
/// back with <see cref="Dispose"/>: one instance per thread is kept for the next message, so a
/// send loop allocates nothing per message.
/// </summary>
internal sealed class MessageBuffer : IBufferWriter<byte>, IDisposable
{
    private const int MaxKeptBytes = 1 << 20; // do not keep huge buffers alive per thread

    [ThreadStatic] private static MessageBuffer? t_spare;

    private byte[] _buffer;
    private int _written; // bytes used, mtype included
    private bool _inUse;

    private MessageBuffer(int payloadHint)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Interop.Msg.MtypeSize + Math.Max(payloadHint, 256));
    }

    /// <summary>A buffer holding <paramref name="type"/> and no payload yet (the thread's spare one when it is free).</summary>
    internal static MessageBuffer Start(long type, int payloadHint)
    {
        MessageBuffer buffer = t_spare ?? new MessageBuffer(payloadHint);
        t_spare = null; // taken out while in use: a nested send gets its own
        if (buffer._buffer.Length == 0) buffer._buffer = ArrayPool<byte>.Shared.Rent(Interop.Msg.MtypeSize + Math.Max(payloadHint, 256));
        MemoryMarshal.Write(buffer._buffer, in type); // C long, native byte order
        buffer._written = Interop.Msg.MtypeSize;
        buffer._inUse = true;
        return buffer;
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
        if (!_inUse) return;
        _inUse = false;
        if (t_spare is null && _buffer.Length <= MaxKeptBytes)
        {
            t_spare = this;
            return;
        }
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
