using PhpSerializer;
using PhpShmCompat.TestSupport;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>Stream entries that are not a message PHP can take go to the dead-letter stream, never into the queue.</summary>
[Collection(RedisBridgeCollection.Name)]
public sealed class DeadLetterTests : IDisposable
{
    private readonly SharedRedis _redis;
    private readonly IpcKeyScope _keys = new();
    private readonly string _prefix = SharedRedis.NewPrefix();

    public DeadLetterTests(SharedRedis redis) => _redis = redis;

    public void Dispose()
    {
        _keys.Dispose();
        _redis.DeleteKeys(_prefix);
    }

    [Fact]
    public async Task BadEntriesAreDeadLetteredWithTheReasonAndGoodOnesDeliveredInOrder()
    {
        IDatabase db = _redis.Connection.GetDatabase();
        string stream = _prefix + ":in";
        byte[] good1 = PhpSerialization.Serialize(new PhpArray { { "id", 1L } });
        byte[] good2 = "s:3:\"two\";"u8.ToArray();
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 2), new(PhpBridgeFields.Body, good1)]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 1), new(PhpBridgeFields.Body, "a:1:{i:0;"u8.ToArray())]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 0), new(PhpBridgeFields.Body, good2)]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Body, good2)]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 1)]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 1), new(PhpBridgeFields.Body, new byte[PhpMessageQueue.MaxMessageSize + 1])]);
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 3), new(PhpBridgeFields.Body, good2)]);
        int key = _keys.NewKey();
        var bridge = new PhpStreamToQueueBridge(_redis.Connection, new PhpStreamToQueueOptions { Stream = stream, Group = "g", QueueKey = key });
        using var stop = new CancellationTokenSource();
        Task run = bridge.RunAsync(stop.Token);
        using var queue = PhpMessageQueue.Get(key);

        PhpMessage first = queue.Receive(0, PhpMessageReceiveFlags.None, null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        PhpMessage second = queue.Receive(0, PhpMessageReceiveFlags.None, null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        for (int i = 0; i < 600 && bridge.Statistics.DeadLettered < 5; i++) await Task.Delay(50);
        stop.Cancel();
        await run;

        Assert.Equal(2, first.Type);
        Assert.Equal(good1, first.Payload);
        Assert.Equal(3, second.Type);
        Assert.Equal(good2, second.Payload);
        Assert.False(queue.TryReceive(0, out _));
        StreamEntry[] dead = await db.StreamRangeAsync(stream + ":dead");
        Assert.Equal(5, dead.Length);
        string[] reasons = dead.Select(e => (string)e[PhpBridgeFields.Reason]!).ToArray();
        Assert.Contains("not valid serialize() output", reasons[0], StringComparison.Ordinal);
        Assert.Contains("positive integer 'type'", reasons[1], StringComparison.Ordinal);
        Assert.Contains("positive integer 'type'", reasons[2], StringComparison.Ordinal);
        Assert.Contains("no 'body'", reasons[3], StringComparison.Ordinal);
        Assert.Contains("msgmax", reasons[4], StringComparison.Ordinal);
        Assert.All(dead, e => Assert.False(e[PhpBridgeFields.SourceId].IsNull));
        StreamPendingInfo pending = await db.StreamPendingAsync(stream, "g");
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task RawPayloadsPassWhenSerializeIsNotRequired()
    {
        IDatabase db = _redis.Connection.GetDatabase();
        string stream = _prefix + ":raw";
        await db.StreamAddAsync(stream, [new(PhpBridgeFields.Type, 9), new(PhpBridgeFields.Body, new byte[] { 0, 1, 2, 0 })]);
        int key = _keys.NewKey();
        var bridge = new PhpStreamToQueueBridge(_redis.Connection, new PhpStreamToQueueOptions { Stream = stream, Group = "g", QueueKey = key, RequireSerialized = false });
        using var stop = new CancellationTokenSource();
        Task run = bridge.RunAsync(stop.Token);
        using var queue = PhpMessageQueue.Get(key);

        PhpMessage m = queue.Receive(0, PhpMessageReceiveFlags.None, null, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        stop.Cancel();
        await run;

        Assert.Equal(new byte[] { 0, 1, 2, 0 }, m.Payload);
        Assert.Equal(9, m.Type);
    }
}
