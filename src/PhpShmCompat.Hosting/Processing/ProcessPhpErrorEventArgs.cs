namespace PhpShmCompat.Hosting;

/// <summary>An error reported by a <see cref="PhpMessageProcessor"/>; the processor carries on.</summary>
public sealed class ProcessPhpErrorEventArgs : EventArgs
{
    internal ProcessPhpErrorEventArgs(Exception exception, PhpErrorSource source, PhpMessage? message, int queueKey, CancellationToken cancellationToken)
    {
        Exception = exception;
        Source = source;
        Message = message;
        QueueKey = queueKey;
        CancellationToken = cancellationToken;
    }

    /// <summary>What went wrong.</summary>
    public Exception Exception { get; }

    /// <summary>Where it went wrong.</summary>
    public PhpErrorSource Source { get; }

    /// <summary>The message concerned, with its bytes as they were in the queue, when there is one.</summary>
    public PhpMessage? Message { get; }

    /// <summary>The key of the processed queue.</summary>
    public int QueueKey { get; }

    /// <summary>Cancelled when the processor must stop at once.</summary>
    public CancellationToken CancellationToken { get; }
}
