using PhpShmCompat.TestSupport;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary><c>phpshm mirror</c> as operators run it: until SIGTERM, then a clean exit with a summary.</summary>
[Collection(RedisCollection.Name)]
public sealed class MirrorCommandTests : IDisposable
{
    private readonly SharedRedis _redis;
    private readonly IpcKeyScope _keys = new();
    private readonly string _prefix = SharedRedis.NewPrefix();

    public MirrorCommandTests(SharedRedis redis) => _redis = redis;

    public void Dispose()
    {
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
    }

    [Fact]
    public async Task TheMirrorFollowsPhpUntilSigtermAndExitsCleanly()
    {
        int key = _keys.NewKey();
        string hex = PhpIpcException.FormatKey(key);
        PhpRunner.RunCode($"shm_attach({key}, 5000, 0600); sem_get({key});").EnsureSuccess();
        using BridgeProcess mirror = BridgeProcess.Start(null, "mirror", hex, "--redis", _redis.Configuration, "--sem", hex, "--interval", "20", "--prefix", _prefix);
        mirror.WaitForStderr("applying remote writes");
        IDatabase db = _redis.Connection.GetDatabase();
        var keys = new PhpRedisKeys(key, _prefix);

        PhpRunner.RunCode($"$s = shm_attach({key}); $m = sem_get({key}); for ($i = 0; $i < 20; $i++) {{ sem_acquire($m); shm_put_var($s, $i % 4, $i); sem_release($m); usleep(5000); }}").EnsureSuccess();
        for (int i = 0; i < 600 && (string?)await db.HashGetAsync(keys.Segment, "3") != "i:19;"; i++) await Task.Delay(20);

        Assert.Equal("i:19;", (string?)await db.HashGetAsync(keys.Segment, "3"));
        Assert.Equal(0, mirror.Terminate());
        Assert.Contains("phpshm mirror: stopped at version", mirror.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, (await db.HashGetAllAsync(keys.Segment)).Length);
    }

    [Fact]
    public void AMissingSegmentIsExit1WithTheKey()
    {
        string hex = PhpIpcException.FormatKey(_keys.NewKey());
        using BridgeProcess mirror = BridgeProcess.Start(null, "mirror", hex, "--redis", _redis.Configuration, "--once");
        Assert.Equal(1, mirror.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(hex, mirror.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BridgeNeedsExactlyOneDirection()
    {
        string hex = PhpIpcException.FormatKey(_keys.NewKey());
        using BridgeProcess bridge = BridgeProcess.Start(null, "bridge", hex, "--redis", _redis.Configuration);
        Assert.Equal(2, bridge.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("exactly one of --to STREAM and --from STREAM", bridge.Stderr, StringComparison.Ordinal);
    }
}
