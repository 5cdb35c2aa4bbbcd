using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Runs the <see cref="PhpMessageProcessor"/> of <typeparamref name="THandler"/> with the host:
/// started with it, stopped gracefully with it (handlers finish; at the host's shutdown timeout
/// they are asked to give up and their messages go back to the queue).
/// </summary>
/// <typeparam name="THandler">The message handler, resolved from a new scope for each message.</typeparam>
public sealed class PhpMessageProcessorHostedService<THandler> : IHostedService, IAsyncDisposable
    where THandler : class, IPhpMessageHandler
{
    private readonly IOptionsMonitor<PhpMessageProcessorOptions> _options;
    private readonly IServiceScopeFactory _scopes;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly PhpShmMetrics _metrics;
    private readonly SettingPrefixes _prefixes;
    private PhpMessageProcessor? _processor;

    /// <summary>Created by dependency injection.</summary>
    public PhpMessageProcessorHostedService(IOptionsMonitor<PhpMessageProcessorOptions> options, IServiceScopeFactory scopes,
        IServiceProvider services, ILoggerFactory loggers, PhpShmMetrics metrics, SettingPrefixes prefixes)
    {
        _options = options;
        _scopes = scopes;
        _services = services;
        _loggers = loggers;
        _metrics = metrics;
        _prefixes = prefixes;
    }

    /// <summary>The options name of this processor (the handler type's full name).</summary>
    public static string OptionsName => typeof(THandler).FullName ?? typeof(THandler).Name;

    /// <summary>The processor, once started.</summary>
    public PhpMessageProcessor? Processor => Volatile.Read(ref _processor);

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        PhpMessageProcessorOptions options = _options.Get(OptionsName);
        var processor = new PhpMessageProcessor(options, _prefixes.For(typeof(PhpMessageProcessorOptions), OptionsName),
            _loggers.CreateLogger<PhpMessageProcessor>(), _metrics);
        processor.ProcessMessageAsync += HandleAsync;
        IPhpMessageErrorHandler<THandler>? errors = _services.GetService<IPhpMessageErrorHandler<THandler>>();
        if (errors is not null) processor.ProcessErrorAsync += e => errors.HandleErrorAsync(e, e.CancellationToken);
        await processor.StartProcessingAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _processor, processor);
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
        => Processor?.StopProcessingAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Processor?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(ProcessPhpMessageEventArgs args)
    {
        AsyncServiceScope scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            THandler handler = scope.ServiceProvider.GetRequiredService<THandler>();
            await handler.HandleAsync(args, args.CancellationToken).ConfigureAwait(false);
        }
    }
}
