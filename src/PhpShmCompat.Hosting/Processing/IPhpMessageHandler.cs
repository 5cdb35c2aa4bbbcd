namespace PhpShmCompat.Hosting;

/// <summary>
/// Handles the messages of a processor registered with
/// <c>AddPhpMessageProcessor&lt;THandler&gt;</c>; resolved from a new dependency-injection scope
/// for each message. Returning handles the message; throwing is a failure (see
/// <see cref="PhpMessageProcessorOptions.FailureAction"/>).
/// </summary>
public interface IPhpMessageHandler
{
    /// <summary>Handles one message.</summary>
    Task HandleAsync(ProcessPhpMessageEventArgs message, CancellationToken cancellationToken);
}

/// <summary>Optional: receives the errors of the processor of <typeparamref name="THandler"/> (they are logged either way).</summary>
/// <typeparam name="THandler">The message handler whose processor reports to this one.</typeparam>
public interface IPhpMessageErrorHandler<THandler> where THandler : IPhpMessageHandler
{
    /// <summary>Handles one error report; exceptions thrown here are logged and ignored.</summary>
    Task HandleErrorAsync(ProcessPhpErrorEventArgs error, CancellationToken cancellationToken);
}
