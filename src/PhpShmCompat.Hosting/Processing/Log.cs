using Microsoft.Extensions.Logging;

namespace PhpShmCompat.Hosting;

/// <summary>The processor's log messages, with stable event ids (1xxx lifecycle, 2xxx messages, 3xxx errors).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Processing queue {QueueKey} (desired type {DesiredType}, {MaxConcurrentHandlers} handler(s))")]
    internal static partial void Started(ILogger logger, string queueKey, long desiredType, int maxConcurrentHandlers);

    [LoggerMessage(1002, LogLevel.Information, "Stopping processing of queue {QueueKey}: {InFlight} handler(s) under way")]
    internal static partial void Stopping(ILogger logger, string queueKey, int inFlight);

    [LoggerMessage(1003, LogLevel.Information, "Stopped processing queue {QueueKey}")]
    internal static partial void Stopped(ILogger logger, string queueKey);

    [LoggerMessage(1004, LogLevel.Information, "Queue {QueueKey} is available again (id {QueueId})")]
    internal static partial void QueueReopened(ILogger logger, string queueKey, int queueId);

    [LoggerMessage(2001, LogLevel.Debug, "Received a type {Type} message of {Length} bytes from queue {QueueKey} (delivery {Attempt})")]
    internal static partial void Received(ILogger logger, long type, int length, string queueKey, int attempt);

    [LoggerMessage(2002, LogLevel.Debug, "Handled a type {Type} message from queue {QueueKey} in {Milliseconds} ms")]
    internal static partial void Handled(ILogger logger, long type, string queueKey, double milliseconds);

    [LoggerMessage(2003, LogLevel.Debug, "Sent a type {Type} message back to queue {QueueKey} unchanged ({Reason})")]
    internal static partial void Requeued(ILogger logger, long type, string queueKey, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "Moved a type {Type} message of {Length} bytes from queue {QueueKey} to dead-letter queue {DeadLetterKey} ({Reason})")]
    internal static partial void DeadLettered(ILogger logger, long type, int length, string queueKey, string deadLetterKey, string reason);

    [LoggerMessage(3001, LogLevel.Warning, "The handler failed on a type {Type} message from queue {QueueKey} (delivery {Attempt})")]
    internal static partial void HandlerFailed(ILogger logger, Exception exception, long type, string queueKey, int attempt);

    [LoggerMessage(3002, LogLevel.Error, "A type {Type} message of {Length} bytes from queue {QueueKey} cannot be handled ({Reason})")]
    internal static partial void PoisonMessage(ILogger logger, Exception exception, long type, int length, string queueKey, string reason);

    [LoggerMessage(3003, LogLevel.Error, "Dropped a type {Type} message from queue {QueueKey} ({Reason}); payload {PayloadHex}")]
    internal static partial void Discarded(ILogger logger, long type, string queueKey, string reason, string payloadHex);

    [LoggerMessage(3004, LogLevel.Critical, "LOST a type {Type} message from queue {QueueKey}: it could not be sent back or dead-lettered; payload {PayloadHex}")]
    internal static partial void Lost(ILogger logger, Exception exception, long type, string queueKey, string payloadHex);

    [LoggerMessage(3005, LogLevel.Error, "Receiving from queue {QueueKey} failed; retrying in {DelayMs} ms")]
    internal static partial void ReceiveFailed(ILogger logger, Exception exception, string queueKey, double delayMs);

    [LoggerMessage(3006, LogLevel.Error, "The error handler of queue {QueueKey} threw")]
    internal static partial void ErrorHandlerFailed(ILogger logger, Exception exception, string queueKey);
}
