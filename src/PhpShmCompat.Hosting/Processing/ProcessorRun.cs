using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using PhpSerializer;

namespace PhpShmCompat.Hosting;

/// <summary>
/// One start-to-stop run of a <see cref="PhpMessageProcessor"/>: the receive loop, the handlers
/// under way and the delivery rules.
/// </summary>
/// <remarks>
/// Delivery rules. A message <c>msgrcv</c> took is, exactly one of: handled (the handler
/// returned); sent back to its queue with its type and bytes unchanged (the handler failed and
/// the failure action is Requeue; the handler asked for it; it was taken while stopping; the
/// handler gave up on the stop deadline); moved to the dead-letter queue unchanged (too many
/// failures, action DeadLetter, payload not valid serialize() data, larger than the maximum
/// size); or, only without a dead-letter queue or with action Discard, dropped and logged as
/// an error with its bytes. If a send back or to the dead-letter queue fails, the other queue is
/// tried; only if both fail is the message lost (logged as critical with its bytes). A handler
/// slot is taken before a message is, so no more messages than handlers are ever out of the queue.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The token sources have no timer and the SemaphoreSlim's wait handle is never made: nothing to release, and handlers may still use them after the run.")]
internal sealed class ProcessorRun
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);

    /// <summary>After the stop deadline, how long handlers get to notice their cancelled token.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(5);

    private readonly ProcessorSettings _settings;
    private readonly ILogger _logger;
    private readonly PhpShmMetrics? _metrics;
    private readonly DeliveryTracker _tracker;
    private readonly Func<ProcessPhpMessageEventArgs, Task> _handler;
    private readonly Func<ProcessPhpErrorEventArgs, Task>? _errorHandler;
    private readonly PhpMessageQueue? _deadLetters;
    private readonly CancellationTokenSource _stopReceiving = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _slots;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly string _keyText;
    private volatile PhpMessageQueue _queue;
    private IDisposable? _queueTracking;
    private Task? _loop;
    private Task? _stop;
    private int _inFlight;

    internal ProcessorRun(ProcessorSettings settings, ILogger logger, PhpShmMetrics? metrics, DeliveryTracker tracker,
        PhpMessageQueue queue, PhpMessageQueue? deadLetters,
        Func<ProcessPhpMessageEventArgs, Task> handler, Func<ProcessPhpErrorEventArgs, Task>? errorHandler)
    {
        _settings = settings;
        _logger = logger;
        _metrics = metrics;
        _tracker = tracker;
        _queue = queue;
        _deadLetters = deadLetters;
        _handler = handler;
        _errorHandler = errorHandler;
        _slots = new SemaphoreSlim(settings.MaxConcurrentHandlers, settings.MaxConcurrentHandlers);
        _keyText = IpcKeyParser.Format(settings.QueueKey);
    }

    /// <summary>Whether the run still takes messages.</summary>
    internal bool IsReceiving => !_stopReceiving.IsCancellationRequested;

    /// <summary>Handlers under way.</summary>
    internal int InFlight => Volatile.Read(ref _inFlight);

    internal void Start()
    {
        _queueTracking = _metrics?.TrackQueue(_queue);
        _loop = Task.Run(ReceiveLoopAsync);
        Log.Started(_logger, _keyText, _settings.DesiredType, _settings.MaxConcurrentHandlers);
    }

    /// <summary>Stops taking messages (idempotent; safe from a handler).</summary>
    internal void RequestStop()
    {
        try
        {
            _stopReceiving.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // already stopped
        }
    }

    /// <summary>
    /// Stops taking messages and waits for the handlers under way. When <paramref name="cancellationToken"/>
    /// fires first, handlers see their token cancelled and get a short grace to send their messages back.
    /// </summary>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_gate) stop = _stop ??= StopCoreAsync();
        using (cancellationToken.Register(static s => ((ProcessorRun)s!).Abort(), this))
        {
            await stop.ConfigureAwait(false);
        }
    }

    private void Abort()
    {
        RequestStop();
        _abort.Cancel();
    }

    private async Task StopCoreAsync()
    {
        Log.Stopping(_logger, _keyText, InFlight);
        RequestStop();
        await _loop!.ConfigureAwait(false);
        if (Volatile.Read(ref _inFlight) > 0)
        {
            Task aborted = Task.Delay(Timeout.Infinite, _abort.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
            if (await Task.WhenAny(_drained.Task, aborted).ConfigureAwait(false) != _drained.Task)
                await Task.WhenAny(_drained.Task, Task.Delay(AbortGrace)).ConfigureAwait(false);
        }
        _queueTracking?.Dispose();
        Log.Stopped(_logger, _keyText);
    }

    private async Task ReceiveLoopAsync()
    {
        CancellationToken stop = _stopReceiving.Token;
        TimeSpan retry = FirstRetry;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            PhpMessage message;
            try
            {
                message = await _queue.ReceiveAsync(_settings.DesiredType, PhpMessageReceiveFlags.None, _settings.MaxMessageSize, stop).ConfigureAwait(false);
                retry = FirstRetry;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                _slots.Release();
                break;
            }
            catch (PhpMessageTooLargeException ex)
            {
                await TakeOversizedAsync(ex).ConfigureAwait(false);
                continue;
            }
            catch (Exception ex)
            {
                _slots.Release();
                Log.ReceiveFailed(_logger, ex, _keyText, retry.TotalMilliseconds);
                await ReportAsync(ex, PhpErrorSource.Receive, null).ConfigureAwait(false);
                try
                {
                    await Task.Delay(retry, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = retry + retry > MaxRetry ? MaxRetry : retry + retry;
                if (ex is PhpIpcNotFoundException) TryReopenQueue();
                continue;
            }
            if (stop.IsCancellationRequested)
            {
                // Taken while the stop was being requested: never started, so it goes back.
                await SendBackAsync(message, "stopping", PhpShmMetrics.QueueTags(_settings.QueueKey)).ConfigureAwait(false);
                _slots.Release();
                break;
            }
            StartHandler(message, null);
        }
    }

    /// <summary>
    /// A message over the maximum size stays first in the queue and would fail every receive:
    /// take it whole (at the kernel's limit) and set it aside. The handler slot taken for the
    /// failed receive goes with it (or is given back when nothing is taken).
    /// </summary>
    private async Task TakeOversizedAsync(PhpMessageTooLargeException tooLarge)
    {
        PhpMessage? oversized;
        try
        {
            if (!_queue.TryReceive(_settings.DesiredType, out oversized, PhpMessageReceiveFlags.None, PhpMessageQueue.MaxMessageSize))
            {
                _slots.Release(); // someone else took it
                return;
            }
        }
        catch (Exception ex)
        {
            _slots.Release();
            await ReportAsync(ex, PhpErrorSource.Receive, null).ConfigureAwait(false);
            return;
        }
        StartHandler(oversized, oversized.Payload.Length > _settings.MaxMessageSize ? tooLarge : null);
    }

    /// <summary>The queue was removed: open the one now under the key (PHP may have made a new one), or create it if allowed.</summary>
    private void TryReopenQueue()
    {
        try
        {
            if (!_settings.CreateQueueIfMissing && !PhpMessageQueue.Exists(_settings.QueueKey)) return;
            PhpMessageQueue next = PhpMessageQueue.Get(_settings.QueueKey, _settings.Permissions);
            if (next.QueueId == _queue.QueueId) return;
            _queueTracking?.Dispose();
            _queue = next;
            _queueTracking = _metrics?.TrackQueue(next);
            Log.QueueReopened(_logger, _keyText, next.QueueId);
        }
        catch (PhpIpcException)
        {
            // still unavailable; the next receive reports it
        }
    }

    private void StartHandler(PhpMessage message, PhpMessageTooLargeException? tooLarge)
    {
        Interlocked.Increment(ref _inFlight);
        // With one handler slot the loop waits for the handler anyway, so the handler starts on
        // the receiving thread (one thread hop less between msgrcv and the handler); with more,
        // it starts on its own so the loop can take the next message.
        if (_settings.MaxConcurrentHandlers == 1) _ = RunHandlerAsync(message, tooLarge);
        else _ = Task.Run(() => RunHandlerAsync(message, tooLarge));
    }

    private async Task RunHandlerAsync(PhpMessage message, PhpMessageTooLargeException? tooLarge)
    {
        try
        {
            await ProcessAsync(message, tooLarge).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // ProcessAsync handles every failure itself; anything here is a bug, never a crash.
            Log.Lost(_logger, ex, message.Type, _keyText, Convert.ToHexString(message.Payload));
        }
        finally
        {
            _slots.Release();
            if (Interlocked.Decrement(ref _inFlight) == 0 && _stopReceiving.IsCancellationRequested) _drained.TrySetResult();
        }
    }

    private async Task ProcessAsync(PhpMessage message, PhpMessageTooLargeException? tooLarge)
    {
        TagList tags = PhpShmMetrics.QueueTags(_settings.QueueKey);
        _metrics?.Received(tags);
        int attempt = _tracker.Failures(message) + 1;
        Log.Received(_logger, message.Type, message.Payload.Length, _keyText, attempt);

        if (tooLarge is not null)
        {
            await SetAsideAsync(message, tooLarge, "too_large", tags).ConfigureAwait(false);
            return;
        }
        PhpValue? value = null;
        if (_settings.PayloadFormat == PhpPayloadFormat.Serialized)
        {
            try
            {
                value = message.GetValue(_settings.SerializerOptions);
            }
            catch (PhpMessageCorruptedException ex)
            {
                await SetAsideAsync(message, ex, "poison", tags).ConfigureAwait(false);
                return;
            }
        }

        var args = new ProcessPhpMessageEventArgs(message, value, attempt, _settings.QueueKey, RequestStop, _abort.Token);
        long start = Stopwatch.GetTimestamp();
        try
        {
            await _handler(args).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            await SendBackAsync(message, "stop_deadline", tags).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            _metrics?.Failed(tags, Stopwatch.GetElapsedTime(start), ex);
            Log.HandlerFailed(_logger, ex, message.Type, _keyText, attempt);
            await ReportAsync(ex, PhpErrorSource.Handler, message).ConfigureAwait(false);
            await OnHandlerFailedAsync(message, tags).ConfigureAwait(false);
            return;
        }
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        if (args.IsRequeueRequested)
        {
            await SendBackAsync(message, "requested", tags).ConfigureAwait(false);
            return;
        }
        if (attempt > 1) _tracker.Forget(message);
        _metrics?.Handled(tags, elapsed);
        Log.Handled(_logger, message.Type, _keyText, elapsed.TotalMilliseconds);
    }

    private async Task OnHandlerFailedAsync(PhpMessage message, TagList tags)
    {
        switch (_settings.FailureAction)
        {
            case PhpMessageFailureAction.DeadLetter:
                await DeadLetterAsync(message, "handler_failed", tags).ConfigureAwait(false);
                break;
            case PhpMessageFailureAction.Discard:
                Log.Discarded(_logger, message.Type, _keyText, "the handler failed and the failure action is Discard", Convert.ToHexString(message.Payload));
                break;
            default:
                int failures = _tracker.RecordFailure(message);
                if (_settings.MaxDeliveryAttempts > 0 && failures >= _settings.MaxDeliveryAttempts)
                {
                    _tracker.Forget(message);
                    await DeadLetterAsync(message, "max_delivery_attempts", tags).ConfigureAwait(false);
                }
                else
                {
                    await SendBackAsync(message, "handler_failed", tags).ConfigureAwait(false);
                }
                break;
        }
    }

    /// <summary>A message no handler can take: reported, then dead-lettered.</summary>
    private async Task SetAsideAsync(PhpMessage message, Exception problem, string reason, TagList tags)
    {
        Log.PoisonMessage(_logger, problem, message.Type, message.Payload.Length, _keyText, reason);
        await ReportAsync(problem, PhpErrorSource.Payload, message).ConfigureAwait(false);
        await DeadLetterAsync(message, reason, tags).ConfigureAwait(false);
    }

    private async Task DeadLetterAsync(PhpMessage message, string reason, TagList tags)
    {
        if (_deadLetters is null)
        {
            Log.Discarded(_logger, message.Type, _keyText, reason + "; no dead-letter queue is configured", Convert.ToHexString(message.Payload));
            return;
        }
        try
        {
            await SendAsync(_deadLetters, message).ConfigureAwait(false);
            _metrics?.DeadLettered(tags, reason);
            Log.DeadLettered(_logger, message.Type, message.Payload.Length, _keyText, IpcKeyParser.Format(_deadLetters.Key), reason);
        }
        catch (Exception ex)
        {
            await ReportAsync(ex, PhpErrorSource.DeadLetter, message).ConfigureAwait(false);
            await SendBackAsync(message, "dead_letter_failed", tags).ConfigureAwait(false);
        }
    }

    private async Task SendBackAsync(PhpMessage message, string reason, TagList tags)
    {
        try
        {
            await SendAsync(_queue, message).ConfigureAwait(false);
            _metrics?.Requeued(tags, reason);
            Log.Requeued(_logger, message.Type, _keyText, reason);
        }
        catch (Exception ex)
        {
            await ReportAsync(ex, PhpErrorSource.Requeue, message).ConfigureAwait(false);
            Log.Lost(_logger, ex, message.Type, _keyText, Convert.ToHexString(message.Payload));
        }
    }

    /// <summary>Sends type and bytes unchanged: at once when there is room, else waiting (until the stop deadline).</summary>
    private async Task SendAsync(PhpMessageQueue queue, PhpMessage message)
    {
        try
        {
            queue.SendRaw(message.Type, message.Payload, blocking: false);
            return;
        }
        catch (PhpMessageQueueFullException)
        {
            // wait for room below
        }
        await queue.SendRawAsync(message.Type, message.Payload, _abort.Token).ConfigureAwait(false);
    }

    private async Task ReportAsync(Exception exception, PhpErrorSource source, PhpMessage? message)
    {
        if (_errorHandler is null) return;
        try
        {
            await _errorHandler(new ProcessPhpErrorEventArgs(exception, source, message, _settings.QueueKey, _abort.Token)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ErrorHandlerFailed(_logger, ex, _keyText);
        }
    }
}
