using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhpShmCompat.Hosting.Tests.Support;
using PhpShmCompat.TestSupport;
using WorkerPool;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>
/// The worker pool of samples/WorkerPool: the unchanged PHP master, two PHP workers and .NET
/// hosted workers (the sample's host, in this process) on one queue, results under PHP's
/// semaphore. The master itself checks that every task's result is there exactly once.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class MixedPoolTests
{
    private const int Tasks = 2000;
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    /// <summary>A copy of the sample's scripts in a fresh directory: ftok(__FILE__) gives keys no other test uses.</summary>
    private sealed class Pool : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("phpshm-pool-").FullName;

        public Pool(IpcKeyScope keys)
        {
            string samples = Path.Combine(AppContext.BaseDirectory, "WorkerPool");
            Master = Path.Combine(_dir, "master.php");
            Worker = Path.Combine(_dir, "worker.php");
            File.Copy(Path.Combine(samples, "master.php"), Master);
            File.Copy(Path.Combine(samples, "worker.php"), Worker);
            foreach (char c in "qsmd")
            {
                int key = Ftok.Compute(Master, c);
                Assert.False(IpcKeyScope.InUse(key), $"ftok key {IpcKeyParser.Format(key)} ('{c}') is already in use");
                keys.Track(key);
            }
        }

        public string Master { get; }

        public string Worker { get; }

        public IHost DotnetWorker(string name)
        {
            HostApplicationBuilder builder = WorkerHost.CreateBuilder([], new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["WorkerPool:Name"] = name,
                ["WorkerPool:Tasks:QueueKey"] = $"ftok:{Master}:q",
                ["WorkerPool:Tasks:DeadLetterQueueKey"] = $"ftok:{Master}:d",
                ["WorkerPool:Tasks:DesiredType"] = "1",
                ["WorkerPool:Tasks:MaxConcurrentHandlers"] = "2",
                ["WorkerPool:Tasks:MaxMessageSize"] = "1024",
                ["WorkerPool:Tasks:FailureAction"] = "Requeue",
                ["WorkerPool:Tasks:MaxDeliveryAttempts"] = "3",
                ["WorkerPool:Replies:Key"] = $"ftok:{Master}:q",
                ["WorkerPool:Results:Key"] = $"ftok:{Master}:s",
                ["WorkerPool:Results:SemaphoreKey"] = $"ftok:{Master}:m",
            });
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
            return builder.Build();
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }

    private sealed record MasterReport(int Tasks, int Results, int Missing, int Duplicates, int Wrong, Dictionary<string, int> ByWorker, string[] Goodbyes);

    private static async Task<MasterReport> FinishAsync(PhpProcess master)
    {
        Assert.Equal(0, await master.WaitForExitAsync(RunLimit));
        string json = master.Lines[^1];
        return JsonSerializer.Deserialize<MasterReport>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
            ?? throw new InvalidDataException(json);
    }

    [Fact]
    public async Task TwoPhpAndTwoDotnetWorkersDeliverEveryResultExactlyOnce()
    {
        using var keys = new IpcKeyScope();
        using var pool = new Pool(keys);
        using PhpProcess master = Php.Start(pool.Master, Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), "4");
        await master.ExpectLineAsync("ready", TimeSpan.FromSeconds(30));
        using IHost dotnet1 = pool.DotnetWorker("dotnet-1");
        using IHost dotnet2 = pool.DotnetWorker("dotnet-2");
        // RunAsync as Program.cs does: a STOP makes the handler stop the application, and the host's
        // run then stops its services (the goodbye is sent after the processor stopped).
        Task run1 = dotnet1.RunAsync(), run2 = dotnet2.RunAsync();
        using PhpProcess php1 = Php.Start(pool.Worker, pool.Master, "php-1");
        using PhpProcess php2 = Php.Start(pool.Worker, pool.Master, "php-2");

        MasterReport report = await FinishAsync(master);
        await Task.WhenAll(run1, run2).Within(60, "the .NET workers' shutdown after STOP");
        Assert.Equal(0, await php1.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await php2.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(Tasks, report.Tasks);
        Assert.Equal(0, report.Missing);
        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.Wrong);
        Assert.Equal(Tasks, report.Results);
        Assert.Equal(["dotnet-1", "dotnet-2", "php-1", "php-2"], report.Goodbyes);
        Assert.All(new[] { "dotnet-1", "dotnet-2", "php-1", "php-2" }, w => Assert.True(report.ByWorker.GetValueOrDefault(w) > 0, $"{w} handled no task: {string.Join(", ", report.ByWorker)}"));
        Assert.Equal(Tasks, report.ByWorker.Values.Sum());
        AssertNothingDeadLettered(pool);
    }

    [Fact]
    public async Task StoppingADotnetWorkerInTheMiddleOfTheRunLosesNoTask()
    {
        using var keys = new IpcKeyScope();
        using var pool = new Pool(keys);
        using PhpProcess master = Php.Start(pool.Master, Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), "4");
        await master.ExpectLineAsync("ready", TimeSpan.FromSeconds(30));
        using IHost dotnet1 = pool.DotnetWorker("dotnet-1");
        using IHost dotnet2 = pool.DotnetWorker("dotnet-2");

        // Stop dotnet-2 once it has handled 20 tasks (counted by its own meter): well inside the run
        // of 2,000 (the .NET workers start first, so their start-up does not decide their share).
        var handled = new Eventually.Counter(20);
        using var listener = new MeterListener();
        object scope = dotnet2.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (i, l) => { if (ReferenceEquals(i.Meter.Scope, scope) && i.Name == "phpshm.messages.handled") l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => { for (long n = 0; n < v; n++) handled.Increment(); });
        listener.Start();
        Task run1 = dotnet1.RunAsync();
        await dotnet2.StartAsync();
        using PhpProcess php1 = Php.Start(pool.Worker, pool.Master, "php-1");
        using PhpProcess php2 = Php.Start(pool.Worker, pool.Master, "php-2");

        // Stop it after 20 tasks, or 200 ms into the run if its meter has not said so by then (a
        // quiet machine does the 2,000 tasks in about a second): either way the run is still
        // going, so none of the master's STOPs can have reached dotnet-2, which the test stops.
        await Task.WhenAny(handled.Reached, Task.Delay(TimeSpan.FromMilliseconds(200)));
        Assert.False(master.ExitedTask.IsCompleted, $"the run ended before dotnet-2 was stopped (it had handled {handled.Value} tasks)");
        await dotnet2.StopAsync().Within(30, "the graceful stop of dotnet-2"); // as a deploy stops it: no STOP taken
        using IHost dotnet3 = pool.DotnetWorker("dotnet-3"); // its replacement takes the remaining STOP
        Task run3 = dotnet3.RunAsync();

        MasterReport report = await FinishAsync(master);
        await Task.WhenAll(run1, run3).Within(60, "the .NET workers' shutdown after STOP");

        Assert.Equal(0, await php1.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await php2.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, report.Missing);
        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.Wrong);
        Assert.Equal(Tasks, report.Results);
        Assert.Equal(["dotnet-1", "dotnet-3", "php-1", "php-2"], report.Goodbyes);
        Assert.InRange(report.ByWorker.GetValueOrDefault("dotnet-2"), 0, Tasks); // it may be stopped before its 20th task (see above)
        AssertNothingDeadLettered(pool);
    }

    private static void AssertNothingDeadLettered(Pool pool)
    {
        int dlq = Ftok.Compute(pool.Master, 'd');
        if (!PhpMessageQueue.Exists(dlq)) return;
        using var q = PhpMessageQueue.Get(dlq);
        Assert.Equal(0, q.Stat().MessageCount);
    }
}
