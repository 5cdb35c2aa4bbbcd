using PhpSerializer;
using PhpShmCompat.MessageQueues;

namespace PhpShmCompat;

/// <summary>The serialized side of <see cref="PhpMessageQueue"/>: PHP's default <c>msg_send</c>/<c>msg_receive</c>.</summary>
public sealed partial class PhpMessageQueue
{
    /// <summary>
    /// PHP's <c>msg_send($queue, $type, $value)</c> with <c>$serialize = true</c> (the default):
    /// the payload is PHP <c>serialize()</c> of <paramref name="value"/>, written straight into the message buffer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not positive.</exception>
    /// <exception cref="PhpMessageTooLargeException">The serialized value is over <c>msgmax</c>.</exception>
    /// <exception cref="PhpMessageQueueFullException">Non-blocking and the queue is full.</exception>
    public void Send(long type, PhpValue value, bool blocking = true, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        using MessageBuffer buffer = StartMessage(type, 256);
        PhpSerialization.Serialize(buffer, value, options);
        SendBuffer(buffer, blocking);
    }

    /// <summary>
    /// Sends a .NET value serialized as PHP would serialize the equivalent PHP value (the
    /// serializer's object mapping); a <see cref="PhpValue"/> is written as itself.
    /// </summary>
    public void Send<T>(long type, T value, bool blocking = true, PhpSerializerOptions? options = null)
    {
        if (value is PhpValue phpValue)
        {
            Send(type, phpValue, blocking, options);
            return;
        }
        using MessageBuffer buffer = StartMessage(type, 256);
        PhpSerialization.Serialize(buffer, value, options);
        SendBuffer(buffer, blocking);
    }

    /// <summary>
    /// PHP's <c>msg_receive(..., unserialize: true)</c>: receives like
    /// <see cref="Receive(long, PhpMessageReceiveFlags, int?)"/> and unserializes the payload.
    /// </summary>
    /// <exception cref="PhpMessageCorruptedException">The payload is not valid serialize() data; the message is in the exception (it has left the queue, as in PHP).</exception>
    public PhpValue ReceiveValue(long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, PhpSerializerOptions? options = null)
        => Receive(desiredType, flags, maxSize).GetValue(options);

    /// <summary>Receives and converts the unserialized payload to <typeparamref name="T"/>.</summary>
    /// <exception cref="PhpMessageCorruptedException">Corrupt or unfit payload; the message is in the exception.</exception>
    public T? Receive<T>(long desiredType = 0, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None,
        int? maxSize = null, PhpSerializerOptions? options = null)
        => Receive(desiredType, flags, maxSize).Deserialize<T>(options);
}
