using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Healthy while the queue exists and holds at most <see cref="MaxDepth"/> messages
/// (<c>msg_qnum</c>); otherwise the registration's failure status. Data: key, depth, limit.
/// </summary>
public sealed class PhpMessageQueueHealthCheck : IHealthCheck
{
    /// <summary>Checks the queue under <paramref name="queueKey"/> (decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>).</summary>
    public PhpMessageQueueHealthCheck(string queueKey, long maxDepth)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueKey);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        QueueKey = queueKey;
        MaxDepth = maxDepth;
    }

    /// <summary>The key as given.</summary>
    public string QueueKey { get; }

    /// <summary>The largest healthy depth.</summary>
    public long MaxDepth { get; }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthStatus failure = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object> { ["queueKey"] = QueueKey, ["maxDepth"] = MaxDepth };
        if (!IpcKeyParser.TryParse(QueueKey, out int key, out string? error))
            return Task.FromResult(new HealthCheckResult(failure, error, data: data));
        data["queueKeyHex"] = IpcKeyParser.Format(key);
        if (!PhpMessageQueue.Exists(key))
            return Task.FromResult(new HealthCheckResult(failure, $"no message queue exists under key {IpcKeyParser.Format(key)}", data: data));
        try
        {
            using PhpMessageQueue queue = PhpMessageQueue.Get(key);
            long depth = queue.Stat().MessageCount;
            data["depth"] = depth;
            return Task.FromResult(depth > MaxDepth
                ? new HealthCheckResult(failure, $"queue {IpcKeyParser.Format(key)} holds {depth} messages, over the limit of {MaxDepth}", data: data)
                : HealthCheckResult.Healthy($"queue {IpcKeyParser.Format(key)} holds {depth} of at most {MaxDepth} messages", data));
        }
        catch (PhpIpcException ex)
        {
            return Task.FromResult(new HealthCheckResult(failure, $"queue {IpcKeyParser.Format(key)}: {ex.Message}", ex, data));
        }
    }
}
