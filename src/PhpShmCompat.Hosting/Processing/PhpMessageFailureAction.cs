namespace PhpShmCompat.Hosting;

/// <summary>What <see cref="PhpMessageProcessor"/> does with a message whose handler threw.</summary>
public enum PhpMessageFailureAction
{
    /// <summary>
    /// Send it back to the queue with its type and bytes unchanged (to the back, as any
    /// <c>msg_send</c>); after <see cref="PhpMessageProcessorOptions.MaxDeliveryAttempts"/>
    /// failures move it to the dead-letter queue (or, without one, drop it with an error).
    /// </summary>
    Requeue = 0,

    /// <summary>Move it to the dead-letter queue at once.</summary>
    DeadLetter = 1,

    /// <summary>Drop it (logged as an error with its bytes): what a PHP worker that dies on a task does.</summary>
    Discard = 2,
}
