using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PhpShmCompat.Hosting;

/// <summary>
/// The instruments of the meter <see cref="MeterName"/>, created through <see cref="IMeterFactory"/>.
/// Names follow the OpenTelemetry messaging semantic conventions where they have one
/// (<c>messaging.client.consumed.messages</c>, <c>messaging.process.duration</c>, with
/// <c>messaging.system</c>, <c>messaging.destination.name</c>, <c>messaging.operation.name</c>,
/// <c>error.type</c>); the rest are <c>phpshm.*</c>.
/// </summary>
public sealed class PhpShmMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PhpShmCompat";

    /// <summary>The <c>messaging.system</c> value for System V message queues.</summary>
    public const string MessagingSystem = "php_sysvmsg";

    private static readonly double[] DurationBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _requeued;
    private readonly Histogram<double> _processDuration;
    private readonly Histogram<double> _lockWait;
    private readonly object _gate = new();
    private readonly List<PhpMessageQueue> _queues = [];
    private readonly List<PhpSharedMemory> _segments = [];

    /// <summary>Creates the meter and its instruments.</summary>
    public PhpShmMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(new MeterOptions(MeterName));
        _received = _meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}",
            "Messages taken from a System V queue and delivered to a handler.");
        _handled = _meter.CreateCounter<long>("phpshm.messages.handled", "{message}", "Messages whose handler completed.");
        _failed = _meter.CreateCounter<long>("phpshm.messages.failed", "{message}", "Handler failures (each failed delivery counts once).");
        _deadLettered = _meter.CreateCounter<long>("phpshm.messages.dead_lettered", "{message}", "Messages moved to the dead-letter queue.");
        _requeued = _meter.CreateCounter<long>("phpshm.messages.requeued", "{message}", "Messages sent back to their queue unchanged.");
        _processDuration = _meter.CreateHistogram("messaging.process.duration", "s", "Duration of the message handler.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _lockWait = _meter.CreateHistogram("phpshm.lock.wait.duration", "s", "Time spent waiting for a PHP semaphore (sem_acquire).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _meter.CreateObservableGauge("phpshm.queue.depth", ObserveQueueDepth, "{message}", "Messages in the queue (msg_qnum).");
        _meter.CreateObservableGauge("phpshm.segment.bytes.used", () => ObserveSegments(used: true), "By", "Bytes used in a sysvshm segment.");
        _meter.CreateObservableGauge("phpshm.segment.bytes.free", () => ObserveSegments(used: false), "By", "Bytes free in a sysvshm segment.");
    }

    /// <summary>Reports <paramref name="queue"/>'s depth until the returned object is disposed.</summary>
    public IDisposable TrackQueue(PhpMessageQueue queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        lock (_gate) _queues.Add(queue);
        return new Untrack(() => { lock (_gate) _queues.Remove(queue); });
    }

    /// <summary>Reports <paramref name="segment"/>'s bytes used and free until the returned object is disposed.</summary>
    public IDisposable TrackSegment(PhpSharedMemory segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        lock (_gate) _segments.Add(segment);
        return new Untrack(() => { lock (_gate) _segments.Remove(segment); });
    }

    /// <summary>Records the time spent waiting for the semaphore under <paramref name="semaphoreKey"/>.</summary>
    public void RecordLockWait(TimeSpan wait, int semaphoreKey)
        => _lockWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("phpshm.semaphore.key", IpcKeyParser.Format(semaphoreKey)));

    internal void Received(in TagList tags) => _received.Add(1, tags);

    internal void Handled(in TagList tags, TimeSpan duration)
    {
        _handled.Add(1, tags);
        _processDuration.Record(duration.TotalSeconds, tags);
    }

    internal void Failed(TagList tags, TimeSpan duration, Exception error)
    {
        tags.Add("error.type", error.GetType().FullName);
        _failed.Add(1, tags);
        _processDuration.Record(duration.TotalSeconds, tags);
    }

    internal void DeadLettered(TagList tags, string reason)
    {
        tags.Add("phpshm.dead_letter.reason", reason);
        _deadLettered.Add(1, tags);
    }

    internal void Requeued(TagList tags, string reason)
    {
        tags.Add("phpshm.requeue.reason", reason);
        _requeued.Add(1, tags);
    }

    /// <summary>The tags every message measurement of a queue carries.</summary>
    internal static TagList QueueTags(int queueKey) => new()
    {
        { "messaging.system", MessagingSystem },
        { "messaging.destination.name", IpcKeyParser.Format(queueKey) },
        { "messaging.operation.name", "process" },
    };

    private List<Measurement<long>> ObserveQueueDepth()
    {
        PhpMessageQueue[] queues;
        lock (_gate) queues = [.. _queues];
        var result = new List<Measurement<long>>(queues.Length);
        foreach (PhpMessageQueue q in queues)
        {
            try
            {
                result.Add(new Measurement<long>(q.Stat().MessageCount,
                    new KeyValuePair<string, object?>("messaging.system", MessagingSystem),
                    new KeyValuePair<string, object?>("messaging.destination.name", IpcKeyParser.Format(q.Key))));
            }
            catch (Exception ex) when (ex is PhpIpcException or ObjectDisposedException)
            {
                // removed or closed: nothing to report
            }
        }
        return result;
    }

    private List<Measurement<long>> ObserveSegments(bool used)
    {
        PhpSharedMemory[] segments;
        lock (_gate) segments = [.. _segments];
        var result = new List<Measurement<long>>(segments.Length);
        foreach (PhpSharedMemory s in segments)
        {
            try
            {
                PhpShmHeader h = s.Header;
                result.Add(new Measurement<long>(used ? h.Total - h.Free : h.Free,
                    new KeyValuePair<string, object?>("phpshm.segment.key", IpcKeyParser.Format(s.Key))));
            }
            catch (Exception ex) when (ex is PhpIpcException or ObjectDisposedException)
            {
                // corrupt, detached or removed: the health check reports it
            }
        }
        return result;
    }

    /// <summary>Disposes the meter.</summary>
    public void Dispose() => _meter.Dispose();

    private sealed class Untrack(Action undo) : IDisposable
    {
        private Action? _undo = undo;

        public void Dispose() => Interlocked.Exchange(ref _undo, null)?.Invoke();
    }
}
