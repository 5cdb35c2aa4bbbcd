using System.Diagnostics;
using System.Globalization;
using PhpShmCompat.Benchmarks.Compare;
using PhpShmCompat.Hosting;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Benchmarks.Waiting;

/// <summary>
/// <c>wait [--samples N] [--gap-ms G] [--seconds S]</c>: what waiting costs.
/// <list type="number">
/// <item>Wake-up latency: a PHP process sends N messages to an idle queue, one every G ms, each
/// carrying <c>hrtime(true)</c> taken just before <c>msg_send</c>; a <see cref="PhpMessageProcessor"/>
/// handler reads CLOCK_MONOTONIC when it starts. p50/p90/p99/max of the difference.</item>
/// <item>Idle CPU over S seconds (getrusage of this process, so other load on the machine does not
/// count): nothing waiting (the baseline), 8 <c>ReceiveAsync</c> on an empty queue, 8 <c>LockAsync</c>
/// on a semaphore a PHP process holds, and for comparison 8 receivers polling as the library did
/// before (non-blocking try, sleep 1 ms doubling to 20 ms).</item>
/// <item>Cancellation latency: cancel a receive asleep in <c>msgrcv</c>; time until its task completes.</item>
/// </list>
/// </summary>
internal static class WaitCommand
{
    private const int Waiters = 8;

    public static int Run(string[] args)
    {
        int samples = Option(args, "--samples", 2000);
        int gapMs = Option(args, "--gap-ms", 2);
        int seconds = Option(args, "--seconds", 5);
        RunEnvironment env = RunEnvironment.Capture(PhpRunner.PhpPath);
        Console.WriteLine($"# wait benchmark, {env.StartedUtc}: {env.Cpu}, {env.Cores} cores, PHP {env.PhpVersion}, {env.DotNet}, load {env.LoadAtStart}");
        Console.WriteLine();

        long[] latency = WakeUpLatency(samples, gapMs).GetAwaiter().GetResult();
        Console.WriteLine($"msg_send (PHP) -> handler start, idle queue, {samples} messages {gapMs} ms apart:");
        Console.WriteLine($"  p50 {Us(latency, 0.50)} us, p90 {Us(latency, 0.90)} us, p99 {Us(latency, 0.99)} us, max {latency[^1] / 1000.0:F1} us");
        Console.WriteLine();

        Console.WriteLine($"CPU while waiting, {seconds} s each (% of one core, this process):");
        Console.WriteLine($"  nothing waiting (baseline)               {IdleCpu(seconds, _ => Task.CompletedTask).GetAwaiter().GetResult():F3} %");
        Console.WriteLine($"  {Waiters} ReceiveAsync, empty queue              {IdleCpu(seconds, Receivers).GetAwaiter().GetResult():F3} %");
        Console.WriteLine($"  {Waiters} LockAsync, semaphore held by PHP       {IdleCpu(seconds, LockWaiters).GetAwaiter().GetResult():F3} %");
        Console.WriteLine($"  {Waiters} polling receivers (previous design)    {IdleCpu(seconds, PollingReceivers).GetAwaiter().GetResult():F3} %");
        Console.WriteLine();

        long[] cancel = CancellationLatency(200).GetAwaiter().GetResult();
        Console.WriteLine($"cancel a receive asleep in msgrcv -> task completed, 200 times:");
        Console.WriteLine($"  p50 {Us(cancel, 0.50)} us, p99 {Us(cancel, 0.99)} us, max {cancel[^1] / 1000.0:F1} us");
        Console.WriteLine();
        Console.WriteLine($"load at end {env.WithLoadAtEnd().LoadAtEnd}");
        return 0;
    }

    private static async Task<long[]> WakeUpLatency(int samples, int gapMs)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        const int warmUp = 200;
        long[] latency = new long[samples];
        int seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = new PhpMessageProcessor(new PhpMessageProcessorOptions
        {
            QueueKey = key.ToString(CultureInfo.InvariantCulture),
            DesiredType = 1,
            CreateQueueIfMissing = true,
            PayloadFormat = PhpPayloadFormat.Raw,
        });
        processor.ProcessMessageAsync += args =>
        {
            long now = MonotonicClock.Nanoseconds();
            int i = Interlocked.Increment(ref seen) - 1 - warmUp;
            if (i >= 0 && i < samples) latency[i] = now - long.Parse(args.Message.GetString(), CultureInfo.InvariantCulture);
            if (i == samples - 1) done.TrySetResult();
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync();
        string code = $$"""
            $q = msg_get_queue({{key}}, 0600);
            for ($i = 0; $i < {{warmUp + samples}}; $i++) {
                usleep({{gapMs * 1000}});
                msg_send($q, 1, (string)hrtime(true), false);
            }
            """;
        PhpRunner.RunCode(code).EnsureSuccess();
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await processor.StopProcessingAsync();
        Array.Sort(latency);
        if (latency[0] <= 0) throw new InvalidOperationException("a handler started before PHP's timestamp: the clocks differ");
        return latency;
    }

    /// <summary>CPU of this process while <paramref name="start"/>'s waits are under way, as % of one core.</summary>
    private static async Task<double> IdleCpu(int seconds, Func<CancellationToken, Task> start)
    {
        using var cts = new CancellationTokenSource();
        Task waiting = start(cts.Token);
        await Task.Delay(1000); // start-up settles (JIT tiering, thread creation)
        GC.Collect();
        double cpu0 = CpuClock.Seconds();
        long wall0 = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        double cpu = CpuClock.Seconds() - cpu0;
        double wall = Stopwatch.GetElapsedTime(wall0).TotalSeconds;
        await cts.CancelAsync();
        try { await waiting; } catch (OperationCanceledException) { }
        return cpu / wall * 100;
    }

    private static async Task Receivers(CancellationToken ct)
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        Task[] waits = Enumerable.Range(0, Waiters).Select(_ => (Task)queue.ReceiveAsync(1, cancellationToken: ct)).ToArray();
        await Task.WhenAll(waits.Select(Swallow));
    }

    private static async Task LockWaiters(CancellationToken ct)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var start = new ProcessStartInfo(PhpRunner.PhpPath) { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-r");
        start.ArgumentList.Add($"$s = sem_get({key}, 1, 0600); sem_acquire($s); echo \"held\\n\"; fgets(STDIN); sem_release($s);");
        using Process php = Process.Start(start) ?? throw new InvalidOperationException("cannot start php");
        if (php.StandardOutput.ReadLine() != "held") throw new InvalidOperationException("php did not take the semaphore");
        using var sem = PhpSemaphore.Get(key);
        Task[] waits = Enumerable.Range(0, Waiters).Select(_ => (Task)sem.LockAsync(ct)).ToArray();
        await Task.WhenAll(waits.Select(Swallow));
        php.StandardInput.WriteLine("release");
        await php.WaitForExitAsync(CancellationToken.None); // released: php exits at once, whatever ct says
    }

    /// <summary>The receive loop the library used before kernel waits: try, then sleep 1 ms doubling to 20 ms.</summary>
    private static async Task PollingReceivers(CancellationToken ct)
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        async Task Poll()
        {
            TimeSpan delay = TimeSpan.FromMilliseconds(1);
            while (!queue.TryReceive(1, out _))
            {
                await Task.Delay(delay, ct);
                delay = delay * 2 > TimeSpan.FromMilliseconds(20) ? TimeSpan.FromMilliseconds(20) : delay * 2;
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Waiters).Select(_ => Swallow(Poll())));
    }

    private static async Task<long[]> CancellationLatency(int rounds)
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        long[] result = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            using var cts = new CancellationTokenSource();
            Task pending = queue.ReceiveAsync(1, cancellationToken: cts.Token);
            await Task.Delay(2); // asleep in msgrcv by now
            long t0 = MonotonicClock.Nanoseconds();
            cts.Cancel();
            await Swallow(pending);
            result[i] = MonotonicClock.Nanoseconds() - t0;
        }
        Array.Sort(result);
        return result;
    }

    private static async Task Swallow(Task task)
    {
        try { await task; } catch (OperationCanceledException) { }
    }

    private static string Us(long[] sorted, double q) => (sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] / 1000.0).ToString("F1", CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }
}
