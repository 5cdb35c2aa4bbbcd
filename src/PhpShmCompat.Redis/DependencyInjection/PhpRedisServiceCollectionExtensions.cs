using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Runs a segment mirror or a queue bridge inside a .NET host, as a hosted service that starts
/// and stops with it. The Redis connection is the <see cref="IConnectionMultiplexer"/> registered
/// in the container (register it once, for example
/// <c>services.AddSingleton&lt;IConnectionMultiplexer&gt;(_ =&gt; ConnectionMultiplexer.Connect(config))</c>).
/// </summary>
public static class PhpRedisServiceCollectionExtensions
{
    /// <summary>Mirrors a segment into Redis for as long as the host runs (see <see cref="PhpSegmentMirror"/>).</summary>
    public static IServiceCollection AddPhpSegmentMirror(this IServiceCollection services, PhpSegmentMirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return services.AddSingleton<IHostedService>(sp => new RedisWorker($"segment mirror {PhpIpcException.FormatKey(options.SegmentKey)}", async ct =>
        {
            using var mirror = new PhpSegmentMirror(sp.GetRequiredService<IConnectionMultiplexer>(), options);
            await mirror.RunAsync(ct).ConfigureAwait(false);
        }));
    }

    /// <summary>Bridges a SysV queue to a Redis stream for as long as the host runs (see <see cref="PhpQueueToStreamBridge"/>).</summary>
    public static IServiceCollection AddPhpQueueToStreamBridge(this IServiceCollection services, PhpQueueToStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return services.AddSingleton<IHostedService>(sp => new RedisWorker($"queue {PhpIpcException.FormatKey(options.QueueKey)} to stream {options.Stream}",
            ct => new PhpQueueToStreamBridge(sp.GetRequiredService<IConnectionMultiplexer>(), options).RunAsync(ct)));
    }

    /// <summary>Bridges a Redis stream's consumer group into a SysV queue for as long as the host runs (see <see cref="PhpStreamToQueueBridge"/>).</summary>
    public static IServiceCollection AddPhpStreamToQueueBridge(this IServiceCollection services, PhpStreamToQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return services.AddSingleton<IHostedService>(sp => new RedisWorker($"stream {options.Stream} to queue {PhpIpcException.FormatKey(options.QueueKey)}",
            ct => new PhpStreamToQueueBridge(sp.GetRequiredService<IConnectionMultiplexer>(), options).RunAsync(ct)));
    }

    /// <summary>
    /// A hosted service around one long-running loop. A loop that ends with an error (the queue
    /// or segment removed, for example) stops the service with that error, which the host logs;
    /// stopping the host cancels the loop and waits for it to finish what it has in hand.
    /// </summary>
    private sealed class RedisWorker(string name, Func<CancellationToken, Task> loop) : BackgroundService
    {
        public override string ToString() => name;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await loop(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
