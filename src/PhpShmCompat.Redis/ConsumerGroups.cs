using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Creates a stream's consumer group at the stream's start when it is missing (and the stream
/// with it). Callers remember that it exists and ask again after a Redis failure: a restarted
/// server without persistence has lost both.
/// </summary>
internal static class ConsumerGroups
{
    internal static void Ensure(IDatabase db, RedisKey stream, RedisValue group)
    {
        try { db.StreamCreateConsumerGroup(stream, group, "0", createStream: true); }
        catch (RedisServerException e) when (IsBusyGroup(e)) { }
    }

    internal static async Task EnsureAsync(IDatabase db, RedisKey stream, RedisValue group)
    {
        try { await db.StreamCreateConsumerGroupAsync(stream, group, "0", createStream: true).ConfigureAwait(false); }
        catch (RedisServerException e) when (IsBusyGroup(e)) { }
    }

    // BUSYGROUP: the group exists already (an earlier run made it).
    private static bool IsBusyGroup(RedisServerException e) => e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal);
}
