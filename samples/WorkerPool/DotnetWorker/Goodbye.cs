using Microsoft.Extensions.Hosting;
using PhpShmCompat;

namespace WorkerPool;

/// <summary>
/// Sends the master this worker's goodbye (type 2, its name), as worker.php does after 'STOP'.
/// Registered before the processor, so the host stops it after the processor: every result of
/// this worker is written when the master reads the goodbye. A worker stopped without a STOP
/// (a deploy) says nothing: its STOP is still queued for the worker that replaces it.
/// </summary>
public sealed class Goodbye(StopTask stop, PhpMessageQueue replies, WorkerIdentity identity) : IHostedService
{
    /// <summary>The type of goodbye messages.</summary>
    public const long GoodbyeType = 2;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (stop.IsClaimed) replies.Send(GoodbyeType, identity.Name);
        return Task.CompletedTask;
    }
}
