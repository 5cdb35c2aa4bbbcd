using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Takes messages from a PHP <c>msg_send</c> queue and hands each to a handler, in the shape of
/// <c>ServiceBusProcessor</c>: set <see cref="ProcessMessageAsync"/> (and optionally
/// <see cref="ProcessErrorAsync"/>), then <see cref="StartProcessingAsync"/> and
/// <see cref="StopProcessingAsync"/>. It takes the place of a PHP worker's
/// <c>while (msg_receive($queue, 1, $type, 1024, $task, true))</c> loop; PHP workers on the same
/// queue keep working beside it.
/// </summary>
/// <remarks>
/// <para>Delivery: a message is taken only when a handler slot is free
/// (<see cref="PhpMessageProcessorOptions.MaxConcurrentHandlers"/>). It is then handled, or sent
/// back to the queue with its type and bytes unchanged (handler failure with
/// <see cref="PhpMessageFailureAction.Requeue"/>, <see cref="ProcessPhpMessageEventArgs.Requeue"/>,
/// taken while stopping, handler given up at the stop deadline), or moved unchanged to the
/// dead-letter queue (after <see cref="PhpMessageProcessorOptions.MaxDeliveryAttempts"/> failures,
/// with <see cref="PhpMessageFailureAction.DeadLetter"/>, for a payload that is not valid
/// <c>serialize()</c> data or over the maximum size). A graceful stop lets handlers finish and
/// loses nothing. A process killed outright (<c>kill -9</c>) loses the messages its handlers held
/// at that moment, at most <see cref="PhpMessageProcessorOptions.MaxConcurrentHandlers"/>: System V
/// queues have no acknowledgement, a taken message exists only in the taker's memory (a PHP
/// worker killed mid-task loses its task the same way).</para>
/// <para>Waiting: an idle processor has one receive asleep in <c>msgrcv</c> on a dedicated thread;
/// it uses no CPU and stopping interrupts it at once.</para>
/// </remarks>
public sealed class PhpMessageProcessor : IAsyncDisposable
{
    private readonly ProcessorSettings _settings;
    private readonly ILogger _logger;
    private readonly PhpShmMetrics? _metrics;
    private readonly DeliveryTracker _tracker = new();
    private readonly object _gate = new();
    private Func<ProcessPhpMessageEventArgs, Task>? _messageHandler;
    private Func<ProcessPhpErrorEventArgs, Task>? _errorHandler;
    private ProcessorRun? _run;
    private bool _disposed;

    /// <summary>Creates a processor; the options are checked now (a copy is kept).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="logger">Where to log (optional).</param>
    /// <param name="metrics">Where to count (optional).</param>
    /// <exception cref="PhpShmConfigurationException">A setting is invalid; the exception names it.</exception>
    public PhpMessageProcessor(PhpMessageProcessorOptions options, ILogger<PhpMessageProcessor>? logger = null, PhpShmMetrics? metrics = null)
        : this(options, nameof(PhpMessageProcessorOptions) + ".", logger, metrics)
    {
    }

    internal PhpMessageProcessor(PhpMessageProcessorOptions options, string settingPrefix, ILogger? logger, PhpShmMetrics? metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = ProcessorSettings.Resolve(options.Clone(), settingPrefix);
        _logger = logger ?? NullLogger.Instance;
        _metrics = metrics;
    }

    /// <summary>The message handler (one). Returning handles the message; throwing is a failure.</summary>
    /// <exception cref="InvalidOperationException">A handler is already set, or the processor is running.</exception>
    public event Func<ProcessPhpMessageEventArgs, Task> ProcessMessageAsync
    {
        add => SetHandler(ref _messageHandler, value, nameof(ProcessMessageAsync));
        remove => RemoveHandler(ref _messageHandler, value);
    }

    /// <summary>The error handler (one, optional): failures are reported here as well as logged; the processor carries on.</summary>
    /// <exception cref="InvalidOperationException">A handler is already set, or the processor is running.</exception>
    public event Func<ProcessPhpErrorEventArgs, Task> ProcessErrorAsync
    {
        add => SetHandler(ref _errorHandler, value, nameof(ProcessErrorAsync));
        remove => RemoveHandler(ref _errorHandler, value);
    }

    /// <summary>The processed queue's key.</summary>
    public int QueueKey => _settings.QueueKey;

    /// <summary>The dead-letter queue's key, when one is configured.</summary>
    public int? DeadLetterQueueKey => _settings.DeadLetterQueueKey;

    /// <summary>Whether the processor is taking messages.</summary>
    public bool IsProcessing
    {
        get { lock (_gate) return _run is { IsReceiving: true }; }
    }

    /// <summary>
    /// Opens the queue (and the dead-letter queue, created if missing) and starts taking messages.
    /// </summary>
    /// <exception cref="PhpShmConfigurationException">The queue does not exist and <see cref="PhpMessageProcessorOptions.CreateQueueIfMissing"/> is false, or cannot be opened.</exception>
    /// <exception cref="InvalidOperationException">No <see cref="ProcessMessageAsync"/> handler, or already processing.</exception>
    public Task StartProcessingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_run is not null) throw new InvalidOperationException("The processor is already processing; stop it first.");
            Func<ProcessPhpMessageEventArgs, Task> handler = _messageHandler
                ?? throw new InvalidOperationException($"Set {nameof(ProcessMessageAsync)} before starting the processor.");
            PhpMessageQueue queue = OpenQueue();
            PhpMessageQueue? deadLetters = OpenDeadLetterQueue();
            _run = new ProcessorRun(_settings, _logger, _metrics, _tracker, queue, deadLetters, handler, _errorHandler);
            _run.Start();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops taking messages at once (a receive asleep in <c>msgrcv</c> is interrupted) and waits for
    /// the handlers under way to finish. If <paramref name="cancellationToken"/> fires first, handlers
    /// see <see cref="ProcessPhpMessageEventArgs.CancellationToken"/> cancelled; one that gives up
    /// has its message sent back. Nothing taken is left unaccounted for.
    /// </summary>
    public async Task StopProcessingAsync(CancellationToken cancellationToken = default)
    {
        ProcessorRun? run;
        lock (_gate) run = _run;
        if (run is null) return;
        await run.StopAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (ReferenceEquals(_run, run)) _run = null;
        }
    }

    /// <summary>Stops gracefully (<see cref="StopProcessingAsync"/>) and ends the processor.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopProcessingAsync().ConfigureAwait(false);
        lock (_gate) _disposed = true;
    }

    private PhpMessageQueue OpenQueue()
    {
        string setting = _settings.SettingPrefix + nameof(PhpMessageProcessorOptions.QueueKey);
        if (!_settings.CreateQueueIfMissing && !PhpMessageQueue.Exists(_settings.QueueKey))
        {
            throw new PhpShmConfigurationException(setting,
                $"no message queue exists under key {IpcKeyParser.Format(_settings.QueueKey)} ('{_settings.QueueKeyText}') and "
                + $"{_settings.SettingPrefix}{nameof(PhpMessageProcessorOptions.CreateQueueIfMissing)} is false; start the PHP side first or allow creating it");
        }
        return Open(setting, _settings.QueueKey);
    }

    private PhpMessageQueue? OpenDeadLetterQueue()
        => _settings.DeadLetterQueueKey is int key
            ? Open(_settings.SettingPrefix + nameof(PhpMessageProcessorOptions.DeadLetterQueueKey), key)
            : null;

    private PhpMessageQueue Open(string setting, int key)
    {
        try
        {
            return PhpMessageQueue.Get(key, _settings.Permissions);
        }
        catch (PhpIpcException ex)
        {
            throw new PhpShmConfigurationException(setting, $"cannot open the queue under key {IpcKeyParser.Format(key)}: {ex.Message}", ex);
        }
    }

    private void SetHandler<T>(ref T? slot, T value, string name) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (_run is not null) throw new InvalidOperationException($"{name} cannot change while the processor is processing.");
            if (slot is not null) throw new InvalidOperationException($"{name} already has a handler; a processor has one.");
            slot = value;
        }
    }

    private void RemoveHandler<T>(ref T? slot, T value) where T : class
    {
        lock (_gate)
        {
            if (_run is not null) throw new InvalidOperationException("Handlers cannot change while the processor is processing.");
            if (ReferenceEquals(slot, value)) slot = null;
        }
    }
}
