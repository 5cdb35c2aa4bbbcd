using PhpSerializer;

namespace PhpShmCompat;

/// <summary>Receives into reused memory: a <see cref="PhpMessageBuffer"/> or a <see cref="PhpDocument"/>, with no allocation per message.</summary>
public sealed partial class PhpMessageQueue
{
    [ThreadStatic] private static PhpMessageBuffer? t_documentBuffer;

    /// <summary>
    /// <see cref="Receive(long, PhpMessageReceiveFlags, int?)"/> into <paramref name="buffer"/>:
    /// <c>msgrcv</c> writes the message straight into the buffer's pooled memory (payloads of up
    /// to its <see cref="PhpMessageBuffer.Capacity"/>). Blocks unless NoWait is given;
    /// cancellation interrupts the wait at once, and a message the kernel handed over before that
    /// is returned, never dropped. A message already queued is taken without any allocation.
    /// </summary>
    /// <returns>The payload length (also in <see cref="PhpMessageBuffer.Length"/>).</returns>
    /// <exception cref="PhpMessageQueueEmptyException">NoWait and no matching message.</exception>
    /// <exception cref="PhpMessageTooLargeException">The message is over the buffer's capacity and NoError was not given.</exception>
    /// <exception cref="PhpIpcNotFoundException">The queue does not exist or was removed while waiting.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a message was taken.</exception>
    public int Receive(PhpMessageBuffer buffer, long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        CancellationToken cancellationToken = default)
    {
        int errno = ReceiveInto(buffer, desiredType, flags, maxSize: null, cancellationToken);
        if (errno != 0) throw ReceiveError(errno, buffer.Capacity);
        return buffer.Length;
    }

    /// <summary>Non-blocking <see cref="Receive(PhpMessageBuffer, long, PhpMessageReceiveFlags, CancellationToken)"/>: false when no matching message is queued.</summary>
    /// <exception cref="PhpMessageTooLargeException">The message is over the buffer's capacity and NoError was not given.</exception>
    public bool TryReceive(PhpMessageBuffer buffer, long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None)
    {
        int errno = ReceiveInto(buffer, desiredType, flags | PhpMessageReceiveFlags.NoWait, maxSize: null, CancellationToken.None);
        if (errno == Interop.Errno.ENOMSG) return false;
        if (errno != 0) throw ReceiveError(errno, buffer.Capacity);
        return true;
    }

    /// <summary>
    /// <c>msg_receive(..., unserialize: true)</c> into <paramref name="document"/>: the message is
    /// received into a pooled per-thread buffer and loaded into the document (see
    /// <see cref="PhpDocument.Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>), so a loop that
    /// keeps one document allocates nothing per message for what <c>serialize()</c> writes.
    /// Elements of the document's previous content throw from now on. Blocks unless NoWait is
    /// given; cancellation interrupts the wait at once (a message already taken is loaded, never dropped).
    /// </summary>
    /// <returns>The message type.</returns>
    /// <exception cref="PhpMessageCorruptedException">The payload is not valid serialize() data (the message has left the queue, as in PHP; it is in the exception).</exception>
    /// <exception cref="PhpMessageQueueEmptyException">NoWait and no matching message.</exception>
    /// <exception cref="PhpMessageTooLargeException">The message is over <paramref name="maxSize"/> and NoError was not given.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before a message was taken.</exception>
    public long ReceiveDocument(PhpDocument document, long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, PhpSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!ReceiveDocumentCore(document, desiredType, flags, maxSize, options, cancellationToken, out long type, out int errno, out int size))
            throw ReceiveError(errno, size);
        return type;
    }

    /// <summary>Non-blocking <see cref="ReceiveDocument"/>: false when no matching message is queued.</summary>
    /// <exception cref="PhpMessageCorruptedException">The payload is not valid serialize() data.</exception>
    public bool TryReceiveDocument(PhpDocument document, out long type, long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, PhpSerializerOptions? options = null)
    {
        if (ReceiveDocumentCore(document, desiredType, flags | PhpMessageReceiveFlags.NoWait, maxSize, options, CancellationToken.None, out type, out int errno, out int size)) return true;
        if (errno == Interop.Errno.ENOMSG) return false;
        throw ReceiveError(errno, size);
    }

    private bool ReceiveDocumentCore(PhpDocument document, long desiredType, PhpMessageReceiveFlags flags, int? maxSize, PhpSerializerOptions? options,
        CancellationToken cancellationToken, out long type, out int errno, out int size)
    {
        ArgumentNullException.ThrowIfNull(document);
        size = CheckReceiveArgs(flags, maxSize);
        PhpMessageBuffer? cached = t_documentBuffer;
        t_documentBuffer = null; // a nested receive on this thread takes its own
        if (cached is not null && cached.Capacity < size)
        {
            cached.Dispose();
            cached = null;
        }
        PhpMessageBuffer buffer = cached ?? new PhpMessageBuffer(Math.Max(size, MaxMessageSize));
        try
        {
            errno = ReceiveInto(buffer, desiredType, flags, size, cancellationToken);
            type = 0;
            if (errno != 0) return false;
            type = buffer.Type;
            try
            {
                document.Load(buffer.Payload, options);
            }
            catch (PhpSerializationException e)
            {
                throw new PhpMessageCorruptedException(new PhpMessage(type, buffer.Payload.ToArray()), e);
            }
            return true;
        }
        finally
        {
            t_documentBuffer?.Dispose();
            t_documentBuffer = buffer;
        }
    }

    // 0 with the message in the buffer, or the errno (see ReceiveIntoPinned).
    private unsafe int ReceiveInto(PhpMessageBuffer buffer, long desiredType, PhpMessageReceiveFlags flags, int? maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        int size = CheckReceiveArgs(flags, maxSize ?? buffer.Capacity);
        if (size > buffer.Capacity) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, $"larger than the buffer's capacity of {buffer.Capacity} bytes");
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        buffer.Clear();
        int errno, n;
        fixed (byte* p = buffer.Array)
            errno = ReceiveIntoPinned(p, size, desiredType, flags, cancellationToken, out n);
        if (errno != 0) return errno;
        buffer.SetReceived(n);
        return 0;
    }
}
