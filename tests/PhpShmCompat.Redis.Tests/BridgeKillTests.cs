using System.Diagnostics;
using System.Globalization;
using PhpSerializer;
using PhpShmCompat.TestSupport;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// At least once, shown the hard way: 10,000 messages each way while the bridge process is
/// killed with SIGKILL at five random moments and restarted (and, in the second case of each,
/// while Redis is also stopped for 5 s). Nothing may be lost; duplicates are counted.
/// </summary>
[Collection(RedisBridgeCollection.Name)]
public sealed class BridgeKillTests : IDisposable
{
    private const int Messages = 10_000;
    private const int Kills = 5;
    private readonly ITestOutputHelper _output;
    private readonly IpcKeyScope _keys = new();
    private readonly string _prefix = SharedRedis.NewPrefix();
    private readonly string _dir = Directory.CreateTempSubdirectory("phpshm-bridge-").FullName;
    private readonly SharedRedis _shared;
    private readonly List<IDisposable> _owned = [];

    public BridgeKillTests(SharedRedis shared, ITestOutputHelper output)
    {
        _shared = shared;
        _output = output;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _keys.Dispose();
        _shared.DeleteKeys(_prefix);
        Directory.Delete(_dir, recursive: true);
    }

    private T Own<T>(T d) where T : IDisposable { _owned.Add(d); return d; }

    // With an outage the test needs a server it may stop: a private one that keeps its data.
    private (string Config, ConnectionMultiplexer Connection, RedisServer? Server) Redis(bool outage)
    {
        if (!outage) return (_shared.Configuration, _shared.Connection, null);
        RedisServer server = Own(RedisServer.Start(persistent: true));
        return (server.Configuration, Own(server.Connect()), server);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void QueueToStreamLosesNothingAcrossKills(bool outage)
    {
        (string config, ConnectionMultiplexer redis, RedisServer? server) = Redis(outage);
        int key = _keys.NewKey();
        string stream = _prefix + ":out";
        string journal = Path.Combine(_dir, "out.journal");
        using var queue = PhpMessageQueue.Get(key);
        // PHP sends steadily (10 messages every 2.5 ms, so the transfer lasts a few seconds and the
        // kills land inside it; a blocking msg_send also waits whenever the queue is full).
        using Process producer = StartPhp($$"""
            $q = msg_get_queue({{key}});
            for ($i = 0; $i < {{Messages}}; $i++) { if ($i % 10 === 0) usleep(2500); if (!msg_send($q, 1 + $i % 3, ['id' => $i, 'pad' => str_repeat('p', $i % 50)], true, true, $err)) { fwrite(STDERR, "send $i: $err"); exit(1); } }
            """);
        string[] args = ["bridge", PhpIpcException.FormatKey(key), "--redis", config, "--to", stream, "--journal", journal];

        RunWithKills(args, outage ? server : null, progress: () => Distinct(redis.GetDatabase(), stream), queueKey: key, out long saidDuplicates);

        Assert.True(producer.WaitForExit(60_000) && producer.ExitCode == 0, producer.StandardError.ReadToEnd());
        var seen = new Dictionary<long, int>();
        foreach (StreamEntry e in ReadAll(redis.GetDatabase(), stream))
        {
            var value = (PhpArray)PhpSerialization.Unserialize((byte[])e[PhpBridgeFields.Body]!);
            long id = ((PhpInt)value["id"]).Value;
            Assert.Equal(1 + (id % 3), (long)e[PhpBridgeFields.Type]);
            seen[id] = seen.GetValueOrDefault(id) + 1;
        }
        Report("queue -> stream", outage, seen, saidDuplicates);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StreamToQueueLosesNothingAcrossKills(bool outage)
    {
        (string config, ConnectionMultiplexer redis, RedisServer? server) = Redis(outage);
        int key = _keys.NewKey();
        string stream = _prefix + ":in";
        IDatabase db = redis.GetDatabase();
        for (int start = 0; start < Messages; start += 1000)
        {
            Task[] adds = Enumerable.Range(start, 1000).Select(i => (Task)db.StreamAddAsync(stream,
            [
                new NameValueEntry(PhpBridgeFields.Type, 1 + (i % 3)),
                new NameValueEntry(PhpBridgeFields.Body, PhpSerialization.Serialize(new PhpArray { { "id", (long)i } })),
            ])).ToArray();
            await Task.WhenAll(adds);
        }
        using var queue = PhpMessageQueue.Get(key);
        var seen = new Dictionary<long, int>();
        using var stopConsumer = new CancellationTokenSource();
        // A .NET consumer drains the SysV queue the whole time, as a PHP worker would.
        Task consumer = Task.Run(() =>
        {
            while (!stopConsumer.IsCancellationRequested)
            {
                PhpMessage m;
                try { m = queue.Receive(0, PhpMessageReceiveFlags.None, null, stopConsumer.Token); }
                catch (OperationCanceledException) { return; }
                var value = (PhpArray)PhpSerialization.Unserialize(m.Payload);
                long id = ((PhpInt)value["id"]).Value;
                Assert.Equal(1 + (id % 3), m.Type);
                int count;
                lock (seen) { seen[id] = seen.GetValueOrDefault(id) + 1; count = seen.Count; }
                if (count % 10 == 0) Thread.Sleep(2); // a steady consumer: the transfer lasts a few seconds, so the kills land inside it
            }
        });
        string[] args = ["bridge", PhpIpcException.FormatKey(key), "--redis", config, "--from", stream, "--group", "workers", "--consumer", "bridge-1"];

        try
        {
            RunWithKills(args, outage ? server : null, progress: () => { lock (seen) return seen.Count; }, queueKey: null, out long saidDuplicates);
            Report("stream -> queue", outage, Snapshot(seen), saidDuplicates);
        }
        finally
        {
            stopConsumer.Cancel();
            await consumer.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static Dictionary<long, int> Snapshot(Dictionary<long, int> seen) { lock (seen) return new(seen); }

    // Starts the bridge and kills it with SIGKILL at five random points of the transfer (when
    // progress() first reaches a random count, plus a random few milliseconds), restarting it
    // each time; with a server, Redis is also stopped for 5 s after the second kill. Then waits
    // until everything arrived and stops the bridge with SIGTERM. Returns the possible
    // duplicates all runs reported.
    private void RunWithKills(string[] args, RedisServer? outage, Func<long> progress, int? queueKey, out long saidDuplicates)
    {
        var random = new Random(Environment.TickCount);
        long[] points = Enumerable.Range(0, Kills).Select(_ => (long)random.Next(Messages / 20, Messages * 9 / 10)).Order().ToArray();
        // The outage follows the second kill: by then at most half has gone through, so far more
        // than one batch is still to come and must wait in the SysV queue while Redis is down.
        if (outage is not null && points[1] > Messages / 2) points[1] = Math.Max(points[0], Messages / 2);
        var watch = Stopwatch.StartNew();
        var runs = new List<BridgeProcess> { Own(BridgeProcess.Start(null, args)) };
        DateTime deadline = DateTime.UtcNow.AddMinutes(3);
        for (int kill = 1; kill <= Kills; kill++)
        {
            while (progress() < points[kill - 1])
            {
                if (runs[^1].HasExited) throw new InvalidOperationException("the bridge exited: " + runs[^1].Stderr);
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"stuck at {progress()} of {Messages}; bridge: {runs[^1].Stderr}");
                Thread.Sleep(1);
            }
            Thread.Sleep(random.Next(0, 15));
            runs[^1].KillHard();
            _output.WriteLine($"kill -9 #{kill} at {watch.ElapsedMilliseconds} ms, {progress()} of {Messages} through");
            if (outage is not null && kill == 2)
            {
                outage.Stop();
                runs.Add(Own(BridgeProcess.Start(null, args))); // a bridge that starts while Redis is down waits for it
                Thread.Sleep(5000);
                if (queueKey is int k)
                {
                    using var q = PhpMessageQueue.Get(k);
                    Assert.True(q.Stat().MessageCount > 0, "with Redis down the bridge must leave messages in the SysV queue");
                }
                outage.Restart();
                _output.WriteLine($"Redis stopped for 5 s, restarted at {watch.ElapsedMilliseconds} ms");
                continue;
            }
            runs.Add(Own(BridgeProcess.Start(null, args)));
        }
        while (progress() < Messages)
        {
            if (runs[^1].HasExited) throw new InvalidOperationException("the bridge exited: " + runs[^1].Stderr);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"stuck at {progress()} of {Messages}; bridge: {runs[^1].Stderr}");
            Thread.Sleep(20);
        }
        runs[^1].WaitForStderr("phpshm bridge: running");
        Assert.Equal(0, runs[^1].Terminate());
        saidDuplicates = 0;
        foreach (BridgeProcess run in runs)
        {
            foreach (string line in run.Stderr.Split('\n'))
            {
                int at = line.IndexOf("recovered ", StringComparison.Ordinal);
                if (at >= 0) saidDuplicates += long.Parse(line.AsSpan(at + 10).ToString().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        string last = runs[^1].Stderr;
        int stats = last.IndexOf("possible duplicates ", StringComparison.Ordinal);
        if (stats >= 0) saidDuplicates = Math.Max(saidDuplicates, long.Parse(last.AsSpan(stats + 20).ToString().Split(' ')[0], CultureInfo.InvariantCulture));
        _output.WriteLine(last.Trim());
    }

    private void Report(string direction, bool outage, Dictionary<long, int> seen, long saidDuplicates)
    {
        int lost = Enumerable.Range(0, Messages).Count(i => !seen.ContainsKey(i));
        long duplicates = seen.Values.Sum(n => (long)n - 1);
        // One line per run, picked up by test.sh for the CI log.
        _output.WriteLine($"bridge kill test: {direction}: {Messages} messages, {Kills} kill -9{(outage ? ", Redis stopped 5 s" : "")}: {lost} lost, {duplicates} duplicates (the bridge reported {saidDuplicates} possible)");
        Assert.Equal(0, lost);
        Assert.Equal(Messages, seen.Count);
    }

    // Distinct messages in the stream so far: its length minus the duplicates (cheap enough to
    // ask often: the length first, the full read only near the end).
    private static long Distinct(IDatabase db, string stream)
    {
        long length = db.StreamLength(stream);
        if (length < Messages) return length;
        return ReadAll(db, stream).Select(e => (string?)e[PhpBridgeFields.Origin]).Distinct().Count();
    }

    private static List<StreamEntry> ReadAll(IDatabase db, string stream)
    {
        var all = new List<StreamEntry>();
        RedisValue from = "-";
        while (true)
        {
            StreamEntry[] page = db.StreamRange(stream, from, "+", 2000);
            foreach (StreamEntry e in page) if (all.Count == 0 || e.Id != all[^1].Id) all.Add(e);
            if (page.Length < 2000) return all;
            from = page[^1].Id;
        }
    }

    private Process StartPhp(string code)
    {
        string file = Path.Combine(_dir, $"php-{Guid.NewGuid():N}.php");
        File.WriteAllText(file, "<?php\n" + code);
        var psi = new ProcessStartInfo(PhpRunner.PhpPath, file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        Process p = Process.Start(psi)!;
        _owned.Add(new KillOnDispose(p));
        return p;
    }

}
