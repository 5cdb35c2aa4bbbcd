namespace PhpShmCompat;

/// <summary>A non-blocking send found the queue full (EAGAIN).</summary>
public sealed class PhpMessageQueueFullException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpMessageQueueFullException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}

/// <summary>A non-blocking receive found no matching message (ENOMSG).</summary>
public sealed class PhpMessageQueueEmptyException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpMessageQueueEmptyException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}

/// <summary>
/// A message is too large: a payload over the kernel's <c>msgmax</c> on send, or a queued message
/// larger than the receive's maximum size without <see cref="PhpMessageReceiveFlags.NoError"/> (E2BIG).
/// </summary>
public sealed class PhpMessageTooLargeException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpMessageTooLargeException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}

/// <summary>
/// A received payload is not valid PHP <c>serialize()</c> data (PHP: "Message corrupted").
/// The message, raw bytes included, stays available in <see cref="RawMessage"/>.
/// </summary>
public sealed class PhpMessageCorruptedException : PhpIpcException
{
    /// <summary>Creates the exception for <paramref name="message"/>.</summary>
    public PhpMessageCorruptedException(PhpMessage message, Exception? inner)
        : base($"Message corrupted: the payload of a type {message.Type} message ({message.Payload.Length} bytes) is not valid PHP serialize() data" +
               (inner is null ? "" : ": " + inner.Message), inner)
    {
        RawMessage = message;
    }

    /// <summary>The received message with its raw payload.</summary>
    public PhpMessage RawMessage { get; }
}
