namespace PhpShmCompat.Hosting;

/// <summary>Where an error reported to <see cref="PhpMessageProcessor.ProcessErrorAsync"/> came from.</summary>
public enum PhpErrorSource
{
    /// <summary>Receiving from the queue failed (queue removed, permission, ...).</summary>
    Receive = 0,

    /// <summary>The message handler threw.</summary>
    Handler = 1,

    /// <summary>The payload is not valid <c>serialize()</c> data, or larger than the maximum message size.</summary>
    Payload = 2,

    /// <summary>Sending a message back to the queue failed.</summary>
    Requeue = 3,

    /// <summary>Sending a message to the dead-letter queue failed.</summary>
    DeadLetter = 4,
}
