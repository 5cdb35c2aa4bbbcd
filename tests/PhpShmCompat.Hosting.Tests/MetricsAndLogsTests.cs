using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PhpSerializer;
using PhpShmCompat.Hosting.Tests.Support;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>The PhpShmCompat meter, read with a <see cref="MeterListener"/>, and the log event ids.</summary>
[Collection(HostingCollection.Name)]
public sealed class MetricsAndLogsTests
{
    /// <summary>Handles "ok*", fails "fail", stops the test's wait after "last".</summary>
    private sealed class MetricsHandler(Signals signals) : IPhpMessageHandler
    {
        public async Task HandleAsync(ProcessPhpMessageEventArgs message, CancellationToken cancellationToken)
        {
            string text = ((PhpString)message.Value!).ToUtf8String();
            signals.Seen.Increment();
            await Task.Delay(5, cancellationToken);
            if (text == "fail") throw new InvalidDataException("failing on purpose");
        }
    }

    private sealed class Signals
    {
        public Eventually.Counter Seen { get; } = new(4);
    }

    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder(object meterScope)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PhpShmMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterScope)) l.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Measurements.Enqueue((i.Name, v, ToDictionary(tags))));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Measurements.Enqueue((i.Name, v, ToDictionary(tags))));
            _listener.Start();
        }

        public ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

        public void Observe() => _listener.RecordObservableInstruments();

        public double Sum(string name) => Measurements.Where(m => m.Name == name).Sum(m => m.Value);

        public int Count(string name) => Measurements.Count(m => m.Name == name);

        public void Dispose() => _listener.Dispose();

        private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, object?>();
            foreach (var t in tags) d[t.Key] = t.Value;
            return d;
        }
    }

    [Fact]
    public async Task CountersDurationGaugesAndLockWaitAreMeasuredWithSemanticConventionNames()
    {
        using var keys = new IpcKeyScope();
        int tasks = keys.NewKey(), dlq = keys.NewKey(), replies = keys.NewKey(), segment = keys.NewKey();
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>
        {
            ["Tasks:QueueKey"] = IpcKeyParser.Format(tasks),
            ["Tasks:CreateQueueIfMissing"] = "true",
            ["Tasks:DeadLetterQueueKey"] = IpcKeyParser.Format(dlq),
            ["Tasks:FailureAction"] = "DeadLetter",
            ["Replies:Key"] = IpcKeyParser.Format(replies),
            ["Replies:CreateIfMissing"] = "true",
            ["Results:Key"] = IpcKeyParser.Format(segment),
            ["Results:CreateIfMissing"] = "true",
            ["Results:Size"] = "8000",
        }, logs);
        builder.Services.AddSingleton<Signals>();
        builder.Services.AddPhpMessageQueue(builder.Configuration.GetSection("Replies"));
        builder.Services.AddPhpSharedMemory(builder.Configuration.GetSection("Results"));
        builder.Services.AddPhpMessageProcessor<MetricsHandler>(builder.Configuration.GetSection("Tasks"));
        using IHost host = builder.Build();
        using var recorder = new Recorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();

        Php.SendRaw(tasks, 1, "not serialize() data"u8.ToArray());
        Php.Send(tasks, 1, "'ok1'", "'ok2'", "'fail'", "'ok3'");
        await host.Services.GetRequiredService<Signals>().Seen.Reached.Within(20, "four handled deliveries");

        // Gauges: a queue with 5 messages, a segment with one variable.
        Php.Send(replies, 2, "1", "2", "3", "4", "5");
        PhpSharedSegment shared = host.Services.GetRequiredService<PhpSharedSegment>();
        string holder = Path.Combine(Path.GetTempPath(), $"phpshm-hold-{Guid.NewGuid():N}.php");
        File.WriteAllText(holder, $"<?php $s = sem_get({segment}, 1, 0600); sem_acquire($s); echo \"held\\n\"; usleep(300000); sem_release($s);");
        try
        {
            using (PhpProcess php = Php.Start(holder))
            {
                await php.ExpectLineAsync("held", TimeSpan.FromSeconds(10));
                await shared.UpdateAsync(1, v => (PhpValue)"x".PadRight(500, 'y'));
                Assert.Equal(0, await php.WaitForExitAsync(TimeSpan.FromSeconds(10)));
            }
        }
        finally
        {
            File.Delete(holder);
        }
        recorder.Observe();
        await host.StopAsync();

        Assert.Equal(5, recorder.Sum("messaging.client.consumed.messages"));
        Assert.Equal(3, recorder.Sum("phpshm.messages.handled"));
        Assert.Equal(1, recorder.Sum("phpshm.messages.failed"));
        Assert.Equal(2, recorder.Sum("phpshm.messages.dead_lettered"));
        Assert.Equal(0, recorder.Sum("phpshm.messages.requeued"));
        Assert.Equal(4, recorder.Count("messaging.process.duration"));
        var failed = recorder.Measurements.Single(m => m.Name == "phpshm.messages.failed");
        Assert.Equal(typeof(InvalidDataException).FullName, failed.Tags["error.type"]);
        Assert.Equal("php_sysvmsg", failed.Tags["messaging.system"]);
        Assert.Equal(IpcKeyParser.Format(tasks), failed.Tags["messaging.destination.name"]);
        Assert.Equal("process", failed.Tags["messaging.operation.name"]);
        Assert.Equal(["handler_failed", "poison"], recorder.Measurements.Where(m => m.Name == "phpshm.messages.dead_lettered")
            .Select(m => (string)m.Tags["phpshm.dead_letter.reason"]!).Order());

        var depths = recorder.Measurements.Where(m => m.Name == "phpshm.queue.depth").ToDictionary(m => (string)m.Tags["messaging.destination.name"]!, m => m.Value);
        Assert.Equal(5, depths[IpcKeyParser.Format(replies)]);
        Assert.Equal(0, depths[IpcKeyParser.Format(tasks)]);
        double used = recorder.Sum("phpshm.segment.bytes.used"), free = recorder.Sum("phpshm.segment.bytes.free");
        Assert.True(used > 500, $"used {used}");
        Assert.Equal(shared.Memory.Header.Total, used + free);
        double wait = recorder.Measurements.Single(m => m.Name == "phpshm.lock.wait.duration").Value;
        Assert.InRange(wait, 0.15, 10); // PHP held the semaphore ~300 ms after "held"

        // Logs: lifecycle, dead letters, poison, handler failure, each with its event id.
        var ids = logs.Entries.Where(e => e.Category == typeof(PhpMessageProcessor).FullName).Select(e => e.Id.Id).ToHashSet();
        Assert.Superset(new HashSet<int> { 1001, 1002, 1003, 2001, 2002, 2004, 3001, 3002 }, ids);
        Assert.Contains(logs.Entries, e => e.Id.Id == 3002 && e.Level == LogLevel.Error && e.Text.Contains("poison"));
    }
}
