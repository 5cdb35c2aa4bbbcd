using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using PhpSerializer;
using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// A PHP sysvshm segment seen from another host, through the Redis mirror a
/// <see cref="PhpSegmentMirror"/> (<c>phpshm mirror</c>) keeps on the segment's host. Reads come
/// from the mirror's hash (the exact <c>serialize()</c> bytes PHP wrote); writes are requests the
/// mirror applies in order under PHP's semaphore and answers.
/// </summary>
/// <remarks>
/// Reads see the segment as of the mirror's last pass (at most one interval old). A put or remove
/// returns once the mirror has applied it and published the result, so a read after it sees it.
/// </remarks>
public sealed class PhpRedisSegment : IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly PhpRedisSegmentOptions _options;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _waiting = new();
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private readonly List<SemaphoreSlim> _watchers = [];
    private ChannelMessageQueue? _subscription;
    private int _disposed;

    /// <summary>A handle on the mirror of segment <paramref name="segmentKey"/>.</summary>
    public PhpRedisSegment(IConnectionMultiplexer redis, int segmentKey, PhpRedisSegmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _db = redis.GetDatabase();
        _options = options ?? PhpRedisSegmentOptions.Default;
        Keys = new PhpRedisKeys(segmentKey, _options.KeyPrefix);
    }

    /// <summary>The Redis key names.</summary>
    public PhpRedisKeys Keys { get; }

    /// <summary>The segment's System V key.</summary>
    public int SegmentKey => Keys.SegmentKey;

    /// <summary>A variable's exact serialized bytes, or null when the segment does not hold it.</summary>
    public async Task<byte[]?> GetRawAsync(long varKey)
    {
        RedisValue value = await _db.HashGetAsync(Keys.Segment, PhpRedisKeys.Field(varKey)).ConfigureAwait(false);
        return value.IsNull ? null : (byte[])value!;
    }

    /// <inheritdoc cref="GetRawAsync"/>
    public byte[]? GetRaw(long varKey)
    {
        RedisValue value = _db.HashGet(Keys.Segment, PhpRedisKeys.Field(varKey));
        return value.IsNull ? null : (byte[])value!;
    }

    /// <summary><c>shm_get_var</c>: the variable's value, or null when the segment does not hold it.</summary>
    /// <exception cref="PhpSerializationException">The stored bytes are not valid <c>serialize()</c> output.</exception>
    public PhpValue? Get(long varKey) => GetRaw(varKey) is byte[] raw ? PhpSerialization.Unserialize(raw, _options.SerializerOptions) : null;

    /// <inheritdoc cref="Get"/>
    public async Task<PhpValue?> GetAsync(long varKey)
        => await GetRawAsync(varKey).ConfigureAwait(false) is byte[] raw ? PhpSerialization.Unserialize(raw, _options.SerializerOptions) : null;

    /// <summary>The variable mapped to <typeparamref name="T"/>, or default when the segment does not hold it.</summary>
    public T? Get<T>(long varKey) => GetRaw(varKey) is byte[] raw ? PhpSerialization.Deserialize<T>(raw, _options.SerializerOptions) : default;

    /// <inheritdoc cref="Get{T}"/>
    public async Task<T?> GetAsync<T>(long varKey)
        => await GetRawAsync(varKey).ConfigureAwait(false) is byte[] raw ? PhpSerialization.Deserialize<T>(raw, _options.SerializerOptions) : default;

    /// <summary>Every variable with its serialized bytes, as of one mirror pass.</summary>
    public async Task<IReadOnlyDictionary<long, byte[]>> GetAllRawAsync()
    {
        HashEntry[] fields = await _db.HashGetAllAsync(Keys.Segment).ConfigureAwait(false);
        var result = new Dictionary<long, byte[]>(fields.Length);
        foreach (HashEntry field in fields)
            if (RemoteProtocol.TryParseVariable(field.Name, out long key)) result[key] = (byte[])field.Value!;
        return result;
    }

    /// <summary>The mirror's version (0 when it never published).</summary>
    public async Task<long> GetVersionAsync()
    {
        RedisValue v = await _db.HashGetAsync(Keys.Meta, "version").ConfigureAwait(false);
        return v.TryParse(out long version) ? version : 0;
    }

    /// <summary><c>shm_put_var</c> on the segment's host; returns once the mirror applied and published it.</summary>
    /// <exception cref="PhpRemoteWriteException">The mirror answered Full (the old value stays), Invalid or Failed.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="PhpRedisSegmentOptions.ReplyTimeout"/> (is the mirror running?).</exception>
    public Task PutAsync(long varKey, PhpValue value, CancellationToken cancellationToken = default)
        => PutRawAsync(varKey, PhpSerialization.Serialize(value, _options.SerializerOptions), cancellationToken);

    /// <summary>Puts a mapped object (see <see cref="PutAsync(long, PhpValue, CancellationToken)"/>).</summary>
    public Task PutAsync<T>(long varKey, T value, CancellationToken cancellationToken = default)
        => PutRawAsync(varKey, PhpSerialization.Serialize(value, _options.SerializerOptions), cancellationToken);

    /// <summary>Puts bytes that already are <c>serialize()</c> output (the mirror checks them).</summary>
    public async Task PutRawAsync(long varKey, ReadOnlyMemory<byte> serialized, CancellationToken cancellationToken = default)
    {
        (PhpRemoteWriteStatus status, string? detail) = await TryPutRawAsync(varKey, serialized, cancellationToken).ConfigureAwait(false);
        if (status != PhpRemoteWriteStatus.Done) throw new PhpRemoteWriteException(SegmentKey, varKey, status, detail);
    }

    /// <summary>As <see cref="PutRawAsync"/>, returning the mirror's answer instead of throwing for it.</summary>
    public Task<(PhpRemoteWriteStatus Status, string? Detail)> TryPutRawAsync(long varKey, ReadOnlyMemory<byte> serialized, CancellationToken cancellationToken = default)
        => RequestAsync(varKey, RemoteProtocol.Put, serialized, cancellationToken);

    /// <summary><c>shm_remove_var</c> on the segment's host: true when removed, false when there was no such variable.</summary>
    /// <exception cref="PhpRemoteWriteException">The mirror could not apply it.</exception>
    public async Task<bool> RemoveAsync(long varKey, CancellationToken cancellationToken = default)
    {
        (PhpRemoteWriteStatus status, string? detail) = await RequestAsync(varKey, RemoteProtocol.Remove, null, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            PhpRemoteWriteStatus.Done => true,
            PhpRemoteWriteStatus.NotFound => false,
            _ => throw new PhpRemoteWriteException(SegmentKey, varKey, status, detail),
        };
    }

    /// <summary>Synchronous <see cref="PutAsync(long, PhpValue, CancellationToken)"/>.</summary>
    public void Put(long varKey, PhpValue value) => PutAsync(varKey, value).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="PutAsync{T}(long, T, CancellationToken)"/>.</summary>
    public void Put<T>(long varKey, T value) => PutAsync(varKey, value).GetAwaiter().GetResult();

    /// <summary>Synchronous <see cref="RemoveAsync"/>.</summary>
    public bool Remove(long varKey) => RemoveAsync(varKey).GetAwaiter().GetResult();

    /// <summary>
    /// The segment's changes as the mirror publishes them, from now on, for <c>await foreach</c>.
    /// Waits on the mirror's notifications (and reads the change stream, so nothing published is
    /// skipped even when a notification is lost). Ends when the token is cancelled.
    /// </summary>
    public async IAsyncEnumerable<PhpSegmentChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureSubscribedAsync().ConfigureAwait(false);
        var wake = new SemaphoreSlim(0, 1);
        lock (_watchers) _watchers.Add(wake);
        try
        {
            StreamEntry[] last = await _db.StreamRangeAsync(Keys.Changes, "-", "+", 1, Order.Descending).ConfigureAwait(false);
            RedisValue position = last.Length > 0 ? last[0].Id : "0-0";
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                StreamEntry[] entries = await _db.StreamReadAsync(Keys.Changes, position, 256).ConfigureAwait(false);
                foreach (StreamEntry entry in entries)
                {
                    position = entry.Id;
                    yield return new PhpSegmentChange(
                        (long)entry["version"], ParseKeys(entry["put"]), ParseKeys(entry["removed"]), entry.Id.ToString());
                }
                if (entries.Length == 0)
                {
                    try { await wake.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false); }
                    catch (OperationCanceledException) { yield break; }
                }
            }
        }
        finally
        {
            lock (_watchers) _watchers.Remove(wake);
            wake.Dispose();
        }
    }

    private static List<long> ParseKeys(RedisValue list)
    {
        var keys = new List<long>();
        if (list.IsNullOrEmpty) return keys;
        foreach (string part in list.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            keys.Add(long.Parse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        return keys;
    }

    private async Task<(PhpRemoteWriteStatus, string?)> RequestAsync(long varKey, string op, ReadOnlyMemory<byte>? value, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await EnsureSubscribedAsync().ConfigureAwait(false);
        string id = Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        try
        {
            var fields = new List<NameValueEntry>
            {
                new(RemoteProtocol.Id, id), new(RemoteProtocol.Operation, op), new(RemoteProtocol.Variable, PhpRedisKeys.Field(varKey)),
            };
            if (value is ReadOnlyMemory<byte> bytes) fields.Add(new(RemoteProtocol.Value, bytes));
            await _db.StreamAddAsync(Keys.Requests, fields.ToArray()).ConfigureAwait(false);
            await _db.PublishAsync(RedisChannel.Literal(Keys.Notify), "request " + id).ConfigureAwait(false);

            // The answer comes by pub/sub; it is also kept under a key, read when a notification
            // may have been missed (a reconnect) and at the deadline.
            DateTime deadline = DateTime.UtcNow + _options.ReplyTimeout;
            while (true)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                Task delay = Task.Delay(left < TimeSpan.FromSeconds(1) ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : TimeSpan.FromSeconds(1), cancellationToken);
                if (await Task.WhenAny(answer.Task, delay).ConfigureAwait(false) == answer.Task)
                    return RemoteProtocol.ParseReply(await answer.Task.ConfigureAwait(false));
                cancellationToken.ThrowIfCancellationRequested();
                RedisValue stored = await _db.StringGetAsync(Keys.Reply(id)).ConfigureAwait(false);
                if (!stored.IsNull) return RemoteProtocol.ParseReply(stored.ToString());
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"no answer from the mirror of segment {PhpIpcException.FormatKey(SegmentKey)} within {_options.ReplyTimeout.TotalSeconds:0.#} s " +
                                               $"(is `phpshm mirror` running with --sem on the segment's host?); the request stays queued in {Keys.Requests}");
            }
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscription is not null) return;
        await _subscribeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_subscription is not null) return;
            ChannelMessageQueue queue = await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Keys.Notify)).ConfigureAwait(false);
            queue.OnMessage(message => OnNotification(message.Message.ToString()));
            _subscription = queue;
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private void OnNotification(string message)
    {
        if (message.StartsWith("reply ", StringComparison.Ordinal))
        {
            int space = message.IndexOf(' ', 6);
            if (space < 0) return;
            if (_waiting.TryGetValue(message[6..space], out TaskCompletionSource<string>? answer)) answer.TrySetResult(message[(space + 1)..]);
        }
        else if (message.StartsWith("version ", StringComparison.Ordinal))
        {
            lock (_watchers)
            {
                foreach (SemaphoreSlim wake in _watchers)
                {
                    if (wake.CurrentCount == 0)
                    {
                        try { wake.Release(); } catch (SemaphoreFullException) { }
                    }
                }
            }
        }
    }

    /// <summary>Stops listening for answers and changes (the Redis connection is the caller's).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _subscription?.Unsubscribe();
        _subscribeGate.Dispose();
    }
}
