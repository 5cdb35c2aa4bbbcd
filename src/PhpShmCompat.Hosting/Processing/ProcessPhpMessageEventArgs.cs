using PhpSerializer;

namespace PhpShmCompat.Hosting;

/// <summary>One message handed to a <see cref="PhpMessageProcessor"/> handler.</summary>
public sealed class ProcessPhpMessageEventArgs : EventArgs
{
    private int _requeue;
    private readonly Action _stopProcessing;

    internal ProcessPhpMessageEventArgs(PhpMessage message, PhpValue? value, int deliveryAttempt, int queueKey,
        Action stopProcessing, CancellationToken cancellationToken)
    {
        Message = message;
        Value = value;
        DeliveryAttempt = deliveryAttempt;
        QueueKey = queueKey;
        _stopProcessing = stopProcessing;
        CancellationToken = cancellationToken;
    }

    /// <summary>The message as taken from the queue: its type and its bytes.</summary>
    public PhpMessage Message { get; }

    /// <summary>The unserialized payload (<see cref="PhpPayloadFormat.Serialized"/>), or null for <see cref="PhpPayloadFormat.Raw"/>.</summary>
    public PhpValue? Value { get; }

    /// <summary>1 for the first delivery to this processor, then one more after each failure it saw for the same type and bytes.</summary>
    public int DeliveryAttempt { get; }

    /// <summary>The key of the queue the message came from.</summary>
    public int QueueKey { get; }

    /// <summary>
    /// Cancelled when the processor must stop before handlers finish (the stop's own deadline,
    /// for a host: its shutdown timeout). A handler that gives up by throwing
    /// <see cref="OperationCanceledException"/> on it has its message sent back unchanged, not counted as a failure.
    /// </summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Whether <see cref="Requeue"/> was called.</summary>
    public bool IsRequeueRequested => Volatile.Read(ref _requeue) != 0;

    /// <summary>
    /// Sends the message back to the queue, type and bytes unchanged, when the handler returns,
    /// instead of counting it handled; not a failure (for a message this worker should not take,
    /// such as a second <c>'STOP'</c> while it is already stopping).
    /// </summary>
    public void Requeue() => Volatile.Write(ref _requeue, 1);

    /// <summary>
    /// Stops taking messages at once (a receive under way is interrupted; a message it took
    /// anyway is sent back); handlers under way, this one included, finish. Use it for a
    /// <c>'STOP'</c> task. <see cref="PhpMessageProcessor.StopProcessingAsync"/> still completes the stop.
    /// </summary>
    public void StopProcessing() => _stopProcessing();
}
