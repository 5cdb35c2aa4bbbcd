using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PhpShmCompat;
using PhpShmCompat.Redis;
using StackExchange.Redis;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm mirror</c> and <c>phpshm bridge</c>: a segment kept in step with a Redis hash, and a
/// System V queue bridged to and from a Redis stream. Both run until SIGINT or SIGTERM and stop
/// cleanly (what is in hand is finished or left where the next run finds it).
/// </summary>
internal static class RedisCommands
{
    private static Option<string> RedisOption() => new("--redis")
    {
        Description = "StackExchange.Redis configuration string, e.g. 127.0.0.1:6379 or host:6380,ssl=true,user=u,password=p",
        Required = true,
    };

    private static Option<string?> CaOption() => new("--redis-ca")
    {
        Description = "PEM file of the certificate authority that signed the Redis server's TLS certificate (with ssl=true in --redis)",
    };

    public static Command Mirror(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument("the segment's IPC key (shm_attach's key)");
        var redis = RedisOption();
        var sem = new Option<string?>("--sem") { Description = "the key of PHP's semaphore guarding the segment (sem_get's key): read and apply remote writes under it" };
        var interval = new Option<int>("--interval") { Description = "milliseconds between looks at the segment", DefaultValueFactory = _ => 100 };
        var once = new Option<bool>("--once") { Description = "one pass, then exit" };
        var prefix = new Option<string>("--prefix") { Description = "Redis key prefix", DefaultValueFactory = _ => PhpRedisKeys.DefaultPrefix };
        var ca = CaOption();
        var cmd = new Command("mirror", "Keep a Redis hash in step with a sysvshm segment (one field per variable, its exact serialize() bytes) and apply remote writes")
        {
            key, redis, ca, sem, interval, once, prefix,
        };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int segmentKey = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            string? semText = pr.GetValue(sem);
            int ms = pr.GetValue(interval);
            if (ms < 1) throw CliException.BadInput("--interval must be at least 1 ms");
            var options = new PhpSegmentMirrorOptions
            {
                SegmentKey = segmentKey,
                SemaphoreKey = semText is null ? null : KeyParser.ParseObjectKey(semText),
                Interval = TimeSpan.FromMilliseconds(ms),
                KeyPrefix = pr.GetValue(prefix)!,
                SegmentOptions = Segments.Options,
            };
            return RunMirror(o, pr.GetValue(redis)!, pr.GetValue(ca), options, pr.GetValue(once), pr.GetValue(g.Json));
        }));
        return cmd;
    }

    public static Command Bridge(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument("the System V queue's IPC key (msg_get_queue's key)");
        var redis = RedisOption();
        var to = new Option<string?>("--to") { Description = "move messages from the queue to this Redis stream" };
        var from = new Option<string?>("--from") { Description = "move entries of this Redis stream into the queue" };
        var group = new Option<string?>("--group") { Description = "with --from: the consumer group (created when missing)" };
        var consumer = new Option<string?>("--consumer") { Description = "with --from: this bridge's consumer name; keep it across restarts (default: host name and queue key)" };
        var journal = new Option<string?>("--journal") { Description = "with --to: the journal file messages are received into (default under /var/tmp/phpshm)" };
        var raw = new Option<bool>("--raw") { Description = "with --from: deliver bodies that are not serialize() output too (raw msg_send payloads)" };
        var deadLetter = new Option<string?>("--dead-letter") { Description = "with --from: the dead-letter stream (default: STREAM:dead)" };
        var ca = CaOption();
        var cmd = new Command("bridge", "Bridge a System V queue to a Redis stream (--to) or a stream's consumer group into the queue (--from), at least once")
        {
            key, redis, ca, to, from, group, consumer, journal, raw, deadLetter,
        };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int queueKey = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            string? toStream = pr.GetValue(to), fromStream = pr.GetValue(from), groupName = pr.GetValue(group);
            if ((toStream is null) == (fromStream is null)) throw CliException.BadInput("give exactly one of --to STREAM and --from STREAM");
            if (fromStream is not null && groupName is null) throw CliException.BadInput("--from needs --group GROUP");
            using var stop = new StopSignal();
            using IConnectionMultiplexer connection = Connect(pr.GetValue(redis)!, pr.GetValue(ca));
            PhpBridgeStatistics stats;
            Task run;
            if (toStream is not null)
            {
                string path = pr.GetValue(journal) ?? DefaultJournal(queueKey, toStream);
                var bridge = new PhpQueueToStreamBridge(connection, new PhpQueueToStreamOptions { QueueKey = queueKey, Stream = toStream, JournalPath = path });
                stats = bridge.Statistics;
                bridge.Recovered += (_, e) => SayRecovered(e);
                run = bridge.RunAsync(stop.Token);
            }
            else
            {
                var bridge = new PhpStreamToQueueBridge(connection, new PhpStreamToQueueOptions
                {
                    Stream = fromStream!, Group = groupName!, QueueKey = queueKey, Consumer = pr.GetValue(consumer),
                    RequireSerialized = !pr.GetValue(raw), DeadLetterStream = pr.GetValue(deadLetter),
                });
                stats = bridge.Statistics;
                bridge.Recovered += (_, e) => SayRecovered(e);
                run = bridge.RunAsync(stop.Token);
            }
            Console.Error.WriteLine($"phpshm bridge: running ({(toStream is not null ? $"queue {KeyParser.Hex(queueKey)} -> stream {toStream}" : $"stream {fromStream} group {groupName} -> queue {KeyParser.Hex(queueKey)}")})");
            try
            {
                run.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
            }
            Report(o, stats, pr.GetValue(g.Json));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static int RunMirror(Output o, string config, string? ca, PhpSegmentMirrorOptions options, bool once, bool json)
    {
        using var stop = new StopSignal();
        using IConnectionMultiplexer connection = Connect(config, ca);
        using var mirror = new PhpSegmentMirror(connection, options);
        if (once)
        {
            PhpMirrorPass pass = mirror.SyncOnceAsync().GetAwaiter().GetResult();
            WritePass(o, mirror, pass, json);
            return pass.Consistent ? ExitCodes.Ok : ExitCodes.Corrupt;
        }
        Console.Error.WriteLine($"phpshm mirror: segment {KeyParser.Hex(options.SegmentKey)} -> {mirror.Keys.Segment} every {options.Interval.TotalMilliseconds:0} ms" +
                                (mirror.AcceptsRemoteWrites ? ", applying remote writes" : options.SemaphoreKey is null ? " (no --sem: remote writes refused)" : ""));
        mirror.RunAsync(stop.Token).GetAwaiter().GetResult();
        PhpMirrorStatistics s = mirror.Statistics;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phpshm mirror: stopped at version {mirror.Version}: {s.Passes} passes, {s.ChangesPublished} changes, {s.VariablesWritten} values written, {s.VariablesRemoved} removed, {s.TornReadRetries} torn reads retried, {s.RequestsAnswered} requests answered"));
        return ExitCodes.Ok;
    }

    private static void WritePass(Output o, PhpSegmentMirror mirror, PhpMirrorPass pass, bool json)
    {
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("hash", mirror.Keys.Segment);
                w.WriteNumber("version", pass.Version);
                w.WriteBoolean("consistent", pass.Consistent);
                w.WriteStartArray("written");
                foreach (long k in pass.Written) w.WriteNumberValue(k);
                w.WriteEndArray();
                w.WriteStartArray("removed");
                foreach (long k in pass.Removed) w.WriteNumberValue(k);
                w.WriteEndArray();
                w.WriteNumber("requestsAnswered", pass.RequestsAnswered);
                w.WriteEndObject();
            });
            return;
        }
        string written = string.Join(' ', pass.Written), removed = string.Join(' ', pass.Removed);
        string note = pass.Consistent ? "" : "; NOT published: no two unlocked reads agreed (give --sem)";
        o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mirror.Keys.Segment}: version {pass.Version}; {pass.Written.Count} written [{written}], {pass.Removed.Count} removed [{removed}]{note}"));
    }

    private static void Report(Output o, PhpBridgeStatistics s, bool json)
    {
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("received", s.Received);
                w.WriteNumber("delivered", s.Delivered);
                w.WriteNumber("possibleDuplicates", s.PossibleDuplicates);
                w.WriteNumber("resent", s.Resent);
                w.WriteNumber("redelivered", s.Redelivered);
                w.WriteNumber("deadLettered", s.DeadLettered);
                w.WriteNumber("redisFailures", s.RedisFailures);
                w.WriteNumber("unconfirmed", s.Unconfirmed);
                w.WriteEndObject();
            });
        }
        Console.Error.WriteLine($"phpshm bridge: stopped: {s}");
    }

    private static void SayRecovered(PhpBridgeRecoveredEventArgs e)
        => Console.Error.WriteLine($"phpshm bridge: recovered {e.Count} unconfirmed message(s) of an earlier run; sending them again (possible duplicates)" +
                                   (e.LengthsInferred > 0 ? $"; {e.LengthsInferred} taken the instant before it died, length recovered from the payload" : ""));

    private static ConnectionMultiplexer Connect(string config, string? caFile)
    {
        ConfigurationOptions options;
        try { options = ConfigurationOptions.Parse(config); }
        catch (ArgumentException e) { throw CliException.BadInput($"invalid --redis: {e.Message}", e); }
        if (caFile is not null)
        {
            if (!File.Exists(caFile)) throw new CliException(ExitCodes.NotFound, $"--redis-ca: {caFile} does not exist");
            options.TrustIssuer(caFile);
        }
        // Keep trying when Redis is down at start: the bridge and the mirror wait for it.
        options.AbortOnConnectFail = false;
        options.ClientName ??= "phpshm";
        return ConnectionMultiplexer.Connect(options);
    }

    private static string DefaultJournal(int queueKey, string stream)
    {
        string dir = Path.Combine(Path.GetTempPath() == "/tmp/" ? "/var/tmp" : Path.GetTempPath(), "phpshm");
        Directory.CreateDirectory(dir);
        string safe = string.Concat(stream.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return Path.Combine(dir, $"bridge-{KeyParser.Hex(queueKey)}-{safe}.journal");
    }

    /// <summary>Cancels on SIGINT or SIGTERM (the process then finishes cleanly instead of dying).</summary>
    private sealed class StopSignal : IDisposable
    {
        private readonly CancellationTokenSource _cts = new();
        private readonly PosixSignalRegistration _term, _int;

        public StopSignal()
        {
            _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        }

        public CancellationToken Token => _cts.Token;

        private void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            _cts.Cancel();
        }

        public void Dispose()
        {
            _term.Dispose();
            _int.Dispose();
            _cts.Dispose();
        }
    }
}
