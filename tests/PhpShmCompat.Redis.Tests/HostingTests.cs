using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhpShmCompat.TestSupport;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>The mirror and a bridge as hosted services of a .NET host.</summary>
[Collection(RedisCollection.Name)]
public sealed class HostingTests : IDisposable
{
    private readonly SharedRedis _redis;
    private readonly IpcKeyScope _keys = new();
    private readonly string _prefix = SharedRedis.NewPrefix();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), $"phpshm-host-{Guid.NewGuid():N}.journal");

    public HostingTests(SharedRedis redis) => _redis = redis;

    public void Dispose()
    {
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
        File.Delete(_journal);
    }

    [Fact]
    public async Task AHostRunsTheMirrorAndABridgeUntilItStops()
    {
        int segment = _keys.NewKey(), queue = _keys.NewKey();
        PhpRunner.RunCode($"shm_attach({segment}, 2000, 0600); sem_get({segment}); msg_get_queue({queue});").EnsureSuccess();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IConnectionMultiplexer>(_redis.Connection);
        builder.Services.AddPhpSegmentMirror(new PhpSegmentMirrorOptions { SegmentKey = segment, SemaphoreKey = segment, KeyPrefix = _prefix, Interval = TimeSpan.FromMilliseconds(20) });
        builder.Services.AddPhpQueueToStreamBridge(new PhpQueueToStreamOptions { QueueKey = queue, Stream = _prefix + ":out", JournalPath = _journal });
        using IHost host = builder.Build();
        await host.StartAsync();

        PhpRunner.RunCode($"$s = shm_attach({segment}); $m = sem_get({segment}); sem_acquire($m); shm_put_var($s, 1, 'hosted'); sem_release($m); msg_send(msg_get_queue({queue}), 4, ['job' => 1]);").EnsureSuccess();
        IDatabase db = _redis.Connection.GetDatabase();
        var keys = new PhpRedisKeys(segment, _prefix);
        for (int i = 0; i < 600 && (await db.StreamLengthAsync(_prefix + ":out") == 0 || !await db.HashExistsAsync(keys.Segment, "1")); i++) await Task.Delay(20);
        await host.StopAsync();

        Assert.Equal("s:6:\"hosted\";", (string?)await db.HashGetAsync(keys.Segment, "1"));
        StreamEntry entry = Assert.Single(await db.StreamRangeAsync(_prefix + ":out"));
        Assert.Equal("4", (string?)entry[PhpBridgeFields.Type]);
        Assert.Equal("a:1:{s:3:\"job\";i:1;}", (string?)entry[PhpBridgeFields.Body]);
    }
}
