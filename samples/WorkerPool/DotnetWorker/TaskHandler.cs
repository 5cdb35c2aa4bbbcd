using Microsoft.Extensions.Hosting;
using PhpSerializer;
using PhpShmCompat.Hosting;

namespace WorkerPool;

/// <summary>
/// The .NET twin of worker.php's loop body: squares the task's n and appends
/// <c>[id, value, name]</c> to the results variable with a read-modify-write under PHP's semaphore.
/// 'STOP' stops this worker (taking no more messages; handlers under way finish).
/// </summary>
public sealed class TaskHandler(PhpSharedSegment results, StopTask stop, WorkerIdentity identity, IHostApplicationLifetime lifetime)
    : IPhpMessageHandler
{
    /// <summary>The sysvshm variable holding the results (shm_put_var($shm, 1, ...)).</summary>
    public const long ResultsVariable = 1;

    /// <inheritdoc/>
    public async Task HandleAsync(ProcessPhpMessageEventArgs message, CancellationToken cancellationToken)
    {
        if (message.Value is PhpString text && text.Span.SequenceEqual("STOP"u8))
        {
            if (!stop.TryClaim())
            {
                message.Requeue(); // this worker already stops: the STOP is another worker's
                return;
            }
            message.StopProcessing();
            lifetime.StopApplication();
            return;
        }
        if (message.Value is not PhpArray task
            || !task.TryGetValue("id", out PhpValue id) || id is not PhpInt taskId
            || !task.TryGetValue("n", out PhpValue n) || n is not PhpInt number)
        {
            throw new InvalidDataException($"not a task: {message.Value}");
        }
        long value = number.Value * number.Value;
        await results.UpdateAsync(ResultsVariable, current =>
        {
            PhpArray list = current as PhpArray ?? new PhpArray();
            list.Add(PhpArray.List(taskId.Value, value, identity.Name));
            return list;
        }, cancellationToken: cancellationToken);
    }
}
