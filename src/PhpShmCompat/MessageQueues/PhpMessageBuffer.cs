using System.Buffers;
using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// A reusable receive buffer for <see cref="PhpMessageQueue"/>: pooled memory for one
/// <c>struct msgbuf</c> (the type and up to <see cref="Capacity"/> payload bytes) that
/// <c>msgrcv</c> writes straight into. A receive loop that keeps one buffer allocates nothing per
/// message. Not thread-safe; dispose it to return the memory.
/// </summary>
public sealed class PhpMessageBuffer : IDisposable
{
    private byte[]? _buffer;
    private int _length;

    /// <summary>A buffer for payloads of up to <paramref name="capacity"/> bytes (default: the kernel's <c>msgmax</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive or too large for one buffer.</exception>
    public PhpMessageBuffer(int? capacity = null)
    {
        int size = capacity ?? PhpMessageQueue.MaxMessageSize;
        if (size <= 0 || size > System.Array.MaxLength - Interop.Msg.MtypeSize)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be between 1 and the largest array less the 8-byte type.");
        _buffer = ArrayPool<byte>.Shared.Rent(Interop.Msg.MtypeSize + size);
        Capacity = size;
    }

    /// <summary>The largest payload a receive into this buffer accepts (larger messages fail, or are cut with NoError).</summary>
    public int Capacity { get; }

    /// <summary>The type of the message last received (0 before the first).</summary>
    public long Type => HasMessage ? MemoryMarshal.Read<long>(Array) : 0;

    /// <summary>The payload length of the message last received.</summary>
    public int Length => _length;

    /// <summary>True once a receive has succeeded.</summary>
    public bool HasMessage { get; private set; }

    /// <summary>The payload of the message last received, valid until the next receive into this buffer.</summary>
    public ReadOnlySpan<byte> Payload => Array.AsSpan(Interop.Msg.MtypeSize, _length);

    /// <summary>The payload as memory (for <see cref="PhpSerializer.PhpDocument.Load(ReadOnlyMemory{byte}, PhpSerializer.PhpSerializerOptions?)"/>), valid until the next receive.</summary>
    public ReadOnlyMemory<byte> PayloadMemory => Array.AsMemory(Interop.Msg.MtypeSize, _length);

    /// <summary>The whole <c>msgbuf</c>: type, then payload.</summary>
    internal byte[] Array => _buffer ?? throw new ObjectDisposedException(nameof(PhpMessageBuffer));

    /// <summary>Records a received message of <paramref name="length"/> payload bytes.</summary>
    internal void SetReceived(int length)
    {
        _length = length;
        HasMessage = true;
    }

    /// <summary>Forgets the last message (before a receive that may fail).</summary>
    internal void Clear()
    {
        _length = 0;
        HasMessage = false;
    }

    /// <summary>Returns the pooled memory.</summary>
    public void Dispose()
    {
        byte[]? buffer = _buffer;
        _buffer = null;
        _length = 0;
        HasMessage = false;
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}
