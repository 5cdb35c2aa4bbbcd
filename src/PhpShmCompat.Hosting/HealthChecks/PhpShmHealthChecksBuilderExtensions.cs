using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhpShmCompat.Hosting;

/// <summary>Health checks for PHP's queues and segments.</summary>
public static class PhpShmHealthChecksBuilderExtensions
{
    /// <summary>Adds a <see cref="PhpMessageQueueHealthCheck"/>: the queue exists and holds at most <paramref name="maxDepth"/> messages.</summary>
    public static IHealthChecksBuilder AddPhpMessageQueueCheck(this IHealthChecksBuilder builder, string queueKey, long maxDepth,
        string name = "php-message-queue", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var check = new PhpMessageQueueHealthCheck(queueKey, maxDepth);
        return builder.Add(new HealthCheckRegistration(name, check, failureStatus, tags));
    }

    /// <summary>Adds a <see cref="PhpSharedMemoryHealthCheck"/>: the segment is valid and at most <paramref name="maxFillRatio"/> full.</summary>
    public static IHealthChecksBuilder AddPhpSharedMemoryCheck(this IHealthChecksBuilder builder, string segmentKey, double maxFillRatio = 0.9,
        string name = "php-shared-memory", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var check = new PhpSharedMemoryHealthCheck(segmentKey, maxFillRatio);
        return builder.Add(new HealthCheckRegistration(name, check, failureStatus, tags));
    }
}
