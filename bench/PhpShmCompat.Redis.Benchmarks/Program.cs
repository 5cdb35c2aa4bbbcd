using System.Diagnostics;
using System.Globalization;
using PhpSerializer;
using PhpShmCompat;
using PhpShmCompat.Redis;
using StackExchange.Redis;

// Usage: PhpShmCompat.Redis.Benchmarks REDIS_CONFIG PHP [MESSAGES] [LAG_SAMPLES] [INTERVAL_MS]
// Prints one Markdown row per measurement. The Redis server should be private to the run.
string config = args[0];
string php = args[1];
int messages = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;
int samples = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
int intervalMs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100;
var options = ConfigurationOptions.Parse(config);
options.AbortOnConnectFail = false;
using ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(options);
IDatabase db = redis.GetDatabase();
string run = "phpshmbench" + Guid.NewGuid().ToString("N")[..8];
int baseKey = 0x5E000000 | Random.Shared.Next(1, 0xFFFF) << 8;
string dir = Directory.CreateTempSubdirectory("phpshm-bench-").FullName;
var cleanup = new List<Action>();

try
{
    Console.WriteLine("| measurement | result | target |");
    Console.WriteLine("|---|---|---|");
    QueueToStream();
    StreamToQueue();
    MirrorLag();
}
finally
{
    foreach (Action a in cleanup) { try { a(); } catch (Exception e) when (e is PhpIpcException or RedisException) { } }
    foreach (RedisKey k in redis.GetServers()[0].Keys(pattern: run + "*")) db.KeyDelete(k);
    Directory.Delete(dir, recursive: true);
}

void QueueToStream()
{
    int key = baseKey | 1;
    using var queue = PhpMessageQueue.Get(key);
    cleanup.Add(() => { using var q = PhpMessageQueue.Get(key); q.Remove(); });
    string stream = run + ":out";
    var bridge = new PhpQueueToStreamBridge(redis, new PhpQueueToStreamOptions { QueueKey = key, Stream = stream, JournalPath = Path.Combine(dir, "j") });
    using var stop = new CancellationTokenSource();
    Task bridging = bridge.RunAsync(stop.Token);
    // PHP sends as fast as the queue takes them; the clock runs from its start to the last entry in the stream.
    string code = $"$q = msg_get_queue({key}); for ($i = 0; $i < {messages}; $i++) msg_send($q, 1, ['id' => $i, 'job' => 'resize', 'file' => 'img/$i.png']);";
    var watch = Stopwatch.StartNew();
    using Process producer = Process.Start(new ProcessStartInfo(php, ["-r", code]) { UseShellExecute = false })!;
    while (db.StreamLength(stream) < messages) Thread.Sleep(2);
    double seconds = watch.Elapsed.TotalSeconds;
    producer.WaitForExit();
    stop.Cancel();
    bridging.Wait();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| SysV queue -> stream: {messages:N0} PHP `msg_send` messages (~60 B) | {messages / seconds:N0} messages/s ({seconds:0.00} s, PHP producing) | >= 50,000 |"));
}

void StreamToQueue()
{
    int key = baseKey | 2;
    using var queue = PhpMessageQueue.Get(key);
    cleanup.Add(() => { using var q = PhpMessageQueue.Get(key); q.Remove(); });
    string stream = run + ":in";
    for (int start = 0; start < messages; start += 5000)
    {
        Task[] adds = Enumerable.Range(start, Math.Min(5000, messages - start)).Select(i => (Task)db.StreamAddAsync(stream,
        [
            new NameValueEntry(PhpBridgeFields.Type, 1),
            new NameValueEntry(PhpBridgeFields.Body, PhpSerialization.Serialize(new PhpArray { { "id", (long)i }, { "job", "resize" }, { "file", $"img/{i}.png" } })),
        ])).ToArray();
        Task.WaitAll(adds);
    }
    var bridge = new PhpStreamToQueueBridge(redis, new PhpStreamToQueueOptions { Stream = stream, Group = "bench", QueueKey = key });
    using var stop = new CancellationTokenSource();
    // A PHP consumer takes them from the SysV queue; the clock runs until it has all of them.
    string code = $"$q = msg_get_queue({key}); for ($i = 0; $i < {messages}; $i++) msg_receive($q, 0, $t, 65536, $m);";
    using Process consumer = Process.Start(new ProcessStartInfo(php, ["-r", code]) { UseShellExecute = false })!;
    var watch = Stopwatch.StartNew();
    Task bridging = bridge.RunAsync(stop.Token);
    consumer.WaitForExit();
    double seconds = watch.Elapsed.TotalSeconds;
    stop.Cancel();
    bridging.Wait();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| stream -> SysV queue: {messages:N0} entries, PHP `msg_receive` consuming | {messages / seconds:N0} messages/s ({seconds:0.00} s) | >= 50,000 |"));
}

void MirrorLag()
{
    int key = baseKey | 3;
    cleanup.Add(() => { using var s = PhpSharedMemory.Open(key); s.Destroy(); });
    cleanup.Add(() => { using var s = PhpSemaphore.Get(key); s.Remove(); });
    Process.Start(php, ["-r", $"shm_attach({key}, 10000, 0600); sem_get({key});"])!.WaitForExit();
    using var mirror = new PhpSegmentMirror(redis, new PhpSegmentMirrorOptions
    {
        SegmentKey = key, SemaphoreKey = key, KeyPrefix = run, Interval = TimeSpan.FromMilliseconds(intervalMs),
    });
    using var stop = new CancellationTokenSource();
    Task mirroring = mirror.RunAsync(stop.Token);
    using var remote = new PhpRedisSegment(redis, key, new PhpRedisSegmentOptions { KeyPrefix = run });
    var lags = new List<double>();
    using var watching = new CancellationTokenSource();
    // The watcher (another host's view) reads each published value: PHP's clock at its put.
    Task watch = Task.Run(async () =>
    {
        await foreach (PhpSegmentChange change in remote.WatchAsync(watching.Token))
        {
            byte[]? raw = await remote.GetRawAsync(1);
            if (raw is null) continue;
            double putAt = ((PhpFloat)PhpSerialization.Unserialize(raw)).Value * 1000;
            lock (lags) lags.Add((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds - putAt);
            if (lags.Count >= samples) return;
        }
    });
    // PHP puts its clock under its semaphore at irregular moments, about 1.3 intervals apart.
    string code = $"$s = shm_attach({key}); $m = sem_get({key}); for ($i = 0; $i < {samples}; $i++) {{ usleep(mt_rand({intervalMs * 800}, {intervalMs * 1800})); sem_acquire($m); shm_put_var($s, 1, microtime(true)); sem_release($m); }}";
    Process.Start(new ProcessStartInfo(php, ["-r", code]) { UseShellExecute = false })!.WaitForExit();
    Thread.Sleep(intervalMs * 3);
    watching.Cancel();
    try { watch.Wait(); } catch (AggregateException) { }
    stop.Cancel();
    mirroring.Wait();
    double[] sorted = lags.Order().ToArray();
    double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| mirror lag, `shm_put_var` to visible in Redis (interval {intervalMs} ms, {sorted.Length} puts) | p50 {P(0.5):0.0} ms, p99 {P(0.99):0.0} ms, max {sorted[^1]:0.0} ms | p99 <= {2 * intervalMs} ms |"));
}
