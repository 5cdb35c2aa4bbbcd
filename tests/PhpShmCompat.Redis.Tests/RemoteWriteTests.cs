using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Redis.Tests;

/// <summary>Writes from another host: requests through Redis, applied by the mirror under PHP's lock.</summary>
[Collection(RedisCollection.Name)]
public sealed class RemoteWriteTests : IDisposable
{
    private readonly SharedRedis _redis;
    private readonly string _prefix = SharedRedis.NewPrefix();
    private readonly IpcKeyScope _keys = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private readonly List<IDisposable> _owned = [];

    public RemoteWriteTests(SharedRedis redis) => _redis = redis;

    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll(_running.ToArray(), TimeSpan.FromSeconds(10));
        foreach (IDisposable d in _owned) d.Dispose();
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
        _stop.Dispose();
    }

    private PhpSegmentMirror RunMirror(int key, bool withSem = true)
    {
        var mirror = new PhpSegmentMirror(_redis.Connection, new PhpSegmentMirrorOptions
        {
            SegmentKey = key, SemaphoreKey = withSem ? key : null, KeyPrefix = _prefix, Interval = TimeSpan.FromMilliseconds(20),
        });
        _owned.Add(mirror);
        _running.Add(mirror.RunAsync(_stop.Token));
        return mirror;
    }

    private PhpRedisSegment Remote(int key, TimeSpan? timeout = null)
    {
        var remote = new PhpRedisSegment(_redis.Connection, key, new PhpRedisSegmentOptions { KeyPrefix = _prefix, ReplyTimeout = timeout ?? TimeSpan.FromSeconds(30) });
        _owned.Add(remote);
        return remote;
    }

    private static void PhpCreate(int key, int size)
        => PhpRunner.RunCode($"shm_attach({key}, {size}, 0600); sem_get({key});").EnsureSuccess();

    // What PHP's own `echo shm_get_var($s, varKey)` prints.
    private static string PhpEcho(int key, long varKey)
        => PhpRunner.RunCode($"$s = shm_attach({key}); echo shm_get_var($s, {varKey});").EnsureSuccess().StdoutText;

    private static byte[] Image(int key)
    {
        using var shm = PhpSharedMemory.Open(key, readOnly: true);
        return shm.ReadImage();
    }

    [Fact]
    public async Task ARemotePutLandsInTheSegmentByteForByteAsPhpShmPutVarWouldWriteIt()
    {
        int byPhp = _keys.NewKey(), byRemote = _keys.NewKey();
        PhpCreate(byRemote, 4000);
        // PHP writes the sequence into its segment and prints each value's serialize() bytes.
        string lines = PhpRunner.RunCode($$"""
            $s = shm_attach({{byPhp}}, 4000, 0600);
            foreach ([[1, ["jobs" => [1, 2, 3], "name" => "resizer"]], [2, 0.1], [3, "x"], [1, "replaced"], [4, new ArrayObject(["a" => true])], [2, null]] as [$k, $v]) {
              shm_put_var($s, $k, $v); echo $k, " ", bin2hex(serialize($v)), "\n";
            }
            """).EnsureSuccess().StdoutText;
        RunMirror(byRemote);
        PhpRedisSegment remote = Remote(byRemote);

        foreach (string line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            PhpValue value = PhpSerialization.Unserialize(Convert.FromHexString(parts[1]));
            await remote.PutAsync(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), value);
        }

        Assert.Equal(Convert.ToHexString(Image(byPhp)), Convert.ToHexString(Image(byRemote)));
        Assert.Equal("replaced", ((PhpString)(await remote.GetAsync(1))!).ToUtf8String());
        Assert.Null(await remote.GetRawAsync(99));
    }

    [Fact]
    public async Task ARemotePutThatDoesNotFitIsAnsweredFullAndTheOldValueStays()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 400);
        PhpRunner.RunCode($"$s = shm_attach({key}); shm_put_var($s, 1, 'old');").EnsureSuccess();
        RunMirror(key);
        PhpRedisSegment remote = Remote(key);

        PhpRemoteWriteException e = await Assert.ThrowsAsync<PhpRemoteWriteException>(() => remote.PutAsync(1, new string('x', 1000)));

        Assert.Equal(PhpRemoteWriteStatus.Full, e.Status);
        Assert.Equal(1, e.VariableKey);
        Assert.Equal("old", PhpEcho(key, 1));
        Assert.Equal("s:3:\"old\";", System.Text.Encoding.ASCII.GetString((await remote.GetRawAsync(1))!));
    }

    [Fact]
    public async Task BytesThatAreNotSerializeOutputAreRefusedAndNothingIsWritten()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 1000);
        RunMirror(key);
        PhpRedisSegment remote = Remote(key);
        byte[] before = Image(key);

        (PhpRemoteWriteStatus status, string? detail) = await remote.TryPutRawAsync(5, "a:1:{i:0;"u8.ToArray());
        (PhpRemoteWriteStatus trailing, _) = await remote.TryPutRawAsync(5, "i:1;junk"u8.ToArray());

        Assert.Equal(PhpRemoteWriteStatus.Invalid, status);
        Assert.Contains("offset", detail, StringComparison.Ordinal);
        Assert.Equal(PhpRemoteWriteStatus.Invalid, trailing);
        Assert.Equal(before, Image(key));
    }

    [Fact]
    public async Task RemoveSaysWhetherTheVariableWasThereAndWatchersSeeEachChange()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 2000);
        RunMirror(key);
        PhpRedisSegment remote = Remote(key);
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new List<PhpSegmentChange>();
        Task watch = Task.Run(async () =>
        {
            await foreach (PhpSegmentChange change in remote.WatchAsync(watching.Token))
            {
                seen.Add(change);
                if (seen.Count == 3) break;
            }
        });
        await Task.Delay(200);

        await remote.PutAsync(7, 42L);
        PhpRunner.RunCode($"$s = shm_attach({key}); $m = sem_get({key}); sem_acquire($m); shm_put_var($s, 8, 'php'); sem_release($m);").EnsureSuccess();
        await WaitUntil(async () => await remote.GetRawAsync(8) is not null);
        Assert.True(await remote.RemoveAsync(7));
        Assert.False(await remote.RemoveAsync(7));
        await watch.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(new long[] { 7 }, seen[0].Written);
        Assert.Equal(new long[] { 8 }, seen[1].Written);
        Assert.Equal(new long[] { 7 }, seen[2].Removed);
        Assert.True(seen[0].Version < seen[1].Version && seen[1].Version < seen[2].Version);
        Assert.Equal(seen[2].Version, await remote.GetVersionAsync());
    }

    [Fact]
    public async Task AMirrorWithoutTheSemaphoreRefusesWritesWithAReason()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 1000);
        RunMirror(key, withSem: false);
        PhpRedisSegment remote = Remote(key);

        PhpRemoteWriteException e = await Assert.ThrowsAsync<PhpRemoteWriteException>(() => remote.PutAsync(1, 1L));

        Assert.Equal(PhpRemoteWriteStatus.Failed, e.Status);
        Assert.Contains("semaphore", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoMirrorRunningAPutTimesOutAndSaysWhereTheRequestWaits()
    {
        PhpRedisSegment remote = Remote(_keys.NewKey(), TimeSpan.FromMilliseconds(300));

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => remote.PutAsync(1, 1L));

        Assert.Contains(remote.Keys.Requests, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoteWritesWaitForTheLockPhpHolds()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 1000);
        RunMirror(key);
        PhpRedisSegment remote = Remote(key);
        using var holder = PhpSemaphore.Get(key); // another handle: it contends like another process
        holder.Acquire();

        Task put = remote.PutAsync(1, "after the lock");
        Assert.True(SemaphoreWaiters.WaitsForLock(put, key));
        await Task.Delay(300);
        Assert.False(put.IsCompleted);
        Assert.Null(await remote.GetRawAsync(1));
        holder.Release();
        await put.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("s:14:\"after the lock\";", System.Text.Encoding.ASCII.GetString((await remote.GetRawAsync(1))!));
    }

    [Fact]
    public async Task RequestsAreAppliedInTheOrderTheyWereSent()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 2000);
        RunMirror(key);
        PhpRedisSegment remote = Remote(key);

        await remote.PutAsync(1, -1L); // subscribed now: each request below is added at its call, in call order
        // Sent back to back without waiting for answers: they queue in the request stream in order.
        Task[] puts = Enumerable.Range(0, 50).Select(i => remote.PutAsync(1, (long)i)).ToArray();
        await Task.WhenAll(puts);

        Assert.Equal("49", PhpEcho(key, 1));
        Assert.Equal(49L, await remote.GetAsync<long>(1));
        Assert.Equal(49L, remote.Get<long>(1));
    }

    [Fact]
    public async Task ARequestAMirrorTookAndNeverAnsweredIsAppliedByTheNextMirror()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 1000);
        PhpRedisSegment remote = Remote(key);
        Task put = remote.PutAsync(3, "taken over"); // no mirror yet: the request waits in the stream
        StackExchange.Redis.IDatabase db = _redis.Connection.GetDatabase();
        await WaitUntil(async () => await db.StreamLengthAsync(remote.Keys.Requests) == 1);

        // A mirror that has since died read it and never acknowledged it; it has waited a minute.
        await ConsumerGroups.EnsureAsync(db, remote.Keys.Requests, PhpRedisKeys.MirrorGroup);
        StackExchange.Redis.StreamEntry[] taken = await db.StreamReadGroupAsync(remote.Keys.Requests, PhpRedisKeys.MirrorGroup, "dead-mirror", ">", 10);
        Assert.Single(taken);
        await db.ExecuteAsync("XCLAIM", remote.Keys.Requests, PhpRedisKeys.MirrorGroup, "dead-mirror", "0", taken[0].Id.ToString(), "IDLE", "60000");
        Assert.False(put.IsCompleted);

        RunMirror(key);
        await put.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("taken over", PhpEcho(key, 3));
        StackExchange.Redis.StreamPendingInfo left = await db.StreamPendingAsync(remote.Keys.Requests, PhpRedisKeys.MirrorGroup);
        Assert.Equal(0, left.PendingMessageCount);
    }

    [Fact]
    public async Task MorePendingRequestsThanOneReadTakesAreAllAppliedAfterARestart()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 65536);
        PhpRedisSegment remote = Remote(key);
        // 600 requests, all taken by this host's mirror before it was killed (same consumer
        // name after the restart): more than one read of pending entries returns.
        Task[] puts = Enumerable.Range(0, 600).Select(i => remote.PutAsync(i, (long)i)).ToArray();
        StackExchange.Redis.IDatabase db = _redis.Connection.GetDatabase();
        await WaitUntil(async () => await db.StreamLengthAsync(remote.Keys.Requests) == 600);
        await ConsumerGroups.EnsureAsync(db, remote.Keys.Requests, PhpRedisKeys.MirrorGroup);
        Assert.Equal(600, (await db.StreamReadGroupAsync(remote.Keys.Requests, PhpRedisKeys.MirrorGroup, Environment.MachineName, ">", 1000)).Length);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        RunMirror(key);
        await Task.WhenAll(puts).WaitAsync(TimeSpan.FromSeconds(30));

        // Read again pass after pass, not left to the claim of stale entries (10 s idle).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        PhpResult php = PhpRunner.RunCode($"$s = shm_attach({key}); $n = 0; for ($i = 0; $i < 600; $i++) $n += shm_get_var($s, $i) === $i; echo $n;").EnsureSuccess();
        Assert.Equal("600", php.StdoutText);
        Assert.Equal(0, (await db.StreamPendingAsync(remote.Keys.Requests, PhpRedisKeys.MirrorGroup)).PendingMessageCount);
    }

    [Fact]
    public async Task ARequestReadByAPassThatFailedIsAppliedByTheNextPass()
    {
        int key = _keys.NewKey();
        PhpCreate(key, 1000);
        PhpRedisSegment remote = Remote(key);
        Task put = remote.PutAsync(1, "after a failed pass");
        StackExchange.Redis.IDatabase db = _redis.Connection.GetDatabase();
        await WaitUntil(async () => await db.StreamLengthAsync(remote.Keys.Requests) == 1);
        var mirror = new PhpSegmentMirror(_redis.Connection, new PhpSegmentMirrorOptions { SegmentKey = key, SemaphoreKey = key, KeyPrefix = _prefix });
        _owned.Add(mirror);

        // The pass reads the request, then waits for the lock PHP holds and is cancelled: the
        // request stays unacknowledged with this mirror.
        using (var holder = PhpSemaphore.Get(key))
        {
            holder.Acquire();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mirror.SyncOnceAsync(cancel.Token));
            holder.Release();
        }
        Assert.False(put.IsCompleted);

        await mirror.SyncOnceAsync();
        await put.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("after a failed pass", PhpEcho(key, 1));
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 600; i++)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("condition not met in 30 s");
    }
}
