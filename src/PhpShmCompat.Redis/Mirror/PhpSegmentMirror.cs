using System.Globalization;
using System.Text;
using PhpSerializer;
using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Keeps a Redis hash in step with a PHP sysvshm segment on this host: one field per variable
/// holding its exact <c>serialize()</c> bytes, a version that grows with every change, and a
/// change stream naming the variables that changed (key names: <see cref="PhpRedisKeys"/>). Only
/// changed variables are written and removed ones are deleted, in one atomic step per change.
/// It also applies the put/remove requests <see cref="PhpRedisSegment"/> sends from other hosts,
/// in order, under PHP's semaphore, and answers each.
/// </summary>
/// <remarks>
/// sysvshm has no change notification, so the segment is looked at every
/// <see cref="PhpSegmentMirrorOptions.Interval"/>; a look that finds the segment byte-for-byte
/// unchanged costs one copy of it and no Redis traffic.
/// </remarks>
public sealed class PhpSegmentMirror : IDisposable
{
    // KEYS: hash, meta, changes. ARGV: put count, (field, value)..., remove count, field...,
    // change-stream length, updated_ms, size, used, host, put list, removed list, notify channel.
    private const string PublishScript = """
        local i = 2
        for j = 1, tonumber(ARGV[1]) do
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          i = i + 2
        end
        local removed = tonumber(ARGV[i])
        i = i + 1
        for j = 1, removed do
          redis.call('HDEL', KEYS[1], ARGV[i])
          i = i + 1
        end
        local v = redis.call('HINCRBY', KEYS[2], 'version', 1)
        redis.call('HSET', KEYS[2], 'updated_ms', ARGV[i + 1], 'size', ARGV[i + 2], 'used', ARGV[i + 3], 'host', ARGV[i + 4])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[i], '*', 'version', v, 'put', ARGV[i + 5], 'removed', ARGV[i + 6])
        redis.call('PUBLISH', ARGV[i + 7], 'version ' .. v)
        return v
        """;

    /// <summary>How long a request must have waited unacknowledged at another consumer before this mirror takes it over.</summary>
    private static readonly TimeSpan ClaimIdle = TimeSpan.FromSeconds(10);

    /// <summary>How often a mirror looks for such requests.</summary>
    private static readonly TimeSpan ClaimEvery = TimeSpan.FromSeconds(5);

    /// <summary>The most requests each of a pass's reads takes.</summary>
    private const int RequestBatch = 256;

    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly PhpSegmentMirrorOptions _options;
    private readonly PhpSharedMemory _segment;
    private readonly PhpSemaphore? _semaphore;
    private readonly string _consumer;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private Dictionary<long, byte[]>? _published;
    private byte[]? _lastImage;
    private bool _groupReady;
    // Entries delivered to this consumer and not acknowledged exist only after a start or a
    // failure; read them once then. Other consumers' stale entries are claimed now and then.
    private bool _ownPendingRead;
    private long _nextClaim;
    private bool _subscribed;
    private int _disposed;

    /// <summary>
    /// Attaches to the segment (it must exist: PHP creates it) and, when given, PHP's semaphore.
    /// Nothing is read or written until the first pass.
    /// </summary>
    /// <exception cref="PhpIpcNotFoundException">No segment (or semaphore set) under the key.</exception>
    public PhpSegmentMirror(IConnectionMultiplexer redis, PhpSegmentMirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _redis = redis;
        _db = redis.GetDatabase();
        _options = options;
        Keys = new PhpRedisKeys(options.SegmentKey, options.KeyPrefix);
        bool writes = options.AcceptRemoteWrites && options.SemaphoreKey is not null;
        _segment = PhpSharedMemory.Open(options.SegmentKey, readOnly: !writes, options.SegmentOptions);
        try
        {
            // sem_get creates the set when it is missing; so does this, with PHP's defaults.
            if (options.SemaphoreKey is int semKey) _semaphore = PhpSemaphore.Get(semKey);
        }
        catch
        {
            _segment.Dispose();
            throw;
        }
        // The same name after a restart, so requests a killed mirror had taken come back to it at
        // once (as pending entries) instead of after the idle time other hosts wait to claim them.
        _consumer = Environment.MachineName;
    }

    /// <summary>The Redis key names used.</summary>
    public PhpRedisKeys Keys { get; }

    /// <summary>The version last published (0 before anything was).</summary>
    public long Version { get; private set; }

    /// <summary>Counters.</summary>
    public PhpMirrorStatistics Statistics { get; } = new();

    /// <summary>Whether remote put/remove requests are applied (they need the semaphore).</summary>
    public bool AcceptsRemoteWrites => !_segment.IsReadOnly;

    /// <summary>
    /// Mirrors until <paramref name="cancellationToken"/> is cancelled: a pass every interval, and
    /// at once when a remote request arrives. Redis errors are retried with backoff (the next
    /// successful pass publishes everything that changed meanwhile). Returns when cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff();
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait = _options.Interval;
            try
            {
                await EnsureSubscribedAsync().ConfigureAwait(false);
                await SyncOnceAsync(cancellationToken).ConfigureAwait(false);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                wait = backoff.Next();
                _lastImage = null;
                _published = null; // read Redis's state again: an outage may have lost writes
                _groupReady = false;
            }
            try
            {
                await _wake.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One pass: applies pending remote requests (when accepted), then publishes what changed in
    /// the segment since the last pass.
    /// </summary>
    public async Task<PhpMirrorPass> SyncOnceAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            return await SyncOnceCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Requests this pass read may be left unanswered and unacknowledged: the next pass
            // reads this consumer's pending entries again, and looks for stale ones at once.
            _ownPendingRead = false;
            _nextClaim = 0;
            throw;
        }
    }

    private async Task<PhpMirrorPass> SyncOnceCoreAsync(CancellationToken cancellationToken)
    {
        Statistics.Pass();
        if (_published is null) await LoadPublishedAsync().ConfigureAwait(false);
        List<StreamEntry> requests = AcceptsRemoteWrites ? await ReadRequestsAsync().ConfigureAwait(false) : [];
        if (!AcceptsRemoteWrites) await RefuseRequestsAsync().ConfigureAwait(false);

        List<(StreamEntry Entry, string? Id, PhpRemoteWriteStatus Status, string? Message)> answers = [];
        SegmentSnapshot? snapshot;
        if (_semaphore is not null)
        {
            using PhpSemaphoreLock held = await _semaphore.LockAsync(cancellationToken).ConfigureAwait(false);
            foreach (StreamEntry entry in requests) answers.Add(Apply(entry));
            snapshot = TakeSnapshot(locked: true);
        }
        else
        {
            snapshot = TakeSnapshot(locked: false);
        }

        PhpMirrorPass pass;
        if (snapshot is null)
        {
            pass = new PhpMirrorPass(Version, [], [], Consistent: _lastImage is not null, answers.Count);
        }
        else
        {
            pass = await PublishAsync(snapshot).ConfigureAwait(false);
            _lastImage = snapshot.Image;
        }
        if (answers.Count > 0) await AnswerAsync(answers).ConfigureAwait(false);
        return pass with { RequestsAnswered = answers.Count };
    }

    // Null when the segment is unchanged since the last published image, or when an unlocked read
    // never saw two walks agree (then nothing is published and the next pass tries again).
    private SegmentSnapshot? TakeSnapshot(bool locked)
    {
        if (locked)
        {
            byte[] image = _segment.ReadImage();
            return _lastImage is not null && image.AsSpan().SequenceEqual(_lastImage) ? null : SegmentSnapshot.Parse(image, _segment.Layout, Keys.SegmentKey);
        }
        for (int attempt = 0; attempt < _options.TornReadAttempts; attempt++)
        {
            byte[] first = _segment.ReadImage();
            if (_lastImage is not null && first.AsSpan().SequenceEqual(_lastImage)) return null;
            byte[] second = _segment.ReadImage();
            if (first.AsSpan().SequenceEqual(second))
            {
                try
                {
                    return SegmentSnapshot.Parse(first, _segment.Layout, Keys.SegmentKey);
                }
                catch (PhpShmCorruptException)
                {
                    // Two copies agreed on a broken layout: a writer paused mid-write, or real corruption.
                }
            }
            Statistics.TornRetry();
            Thread.Yield();
        }
        _lastImage = null;
        return null;
    }

    private async Task LoadPublishedAsync()
    {
        HashEntry[] fields = await _db.HashGetAllAsync(Keys.Segment).ConfigureAwait(false);
        var published = new Dictionary<long, byte[]>(fields.Length);
        var foreign = new List<RedisValue>();
        foreach (HashEntry field in fields)
        {
            if (RemoteProtocol.TryParseVariable(field.Name, out long key)) published[key] = (byte[])field.Value!;
            else foreign.Add(field.Name);
        }
        if (foreign.Count > 0) await _db.HashDeleteAsync(Keys.Segment, foreign.ToArray()).ConfigureAwait(false);
        RedisValue version = await _db.HashGetAsync(Keys.Meta, "version").ConfigureAwait(false);
        Version = version.TryParse(out long v) ? v : 0;
        _published = published;
    }

    private async Task<PhpMirrorPass> PublishAsync(SegmentSnapshot snapshot)
    {
        Dictionary<long, byte[]> published = _published!;
        var written = new List<long>();
        var removed = new List<long>();
        var present = new HashSet<long>();
        var args = new List<RedisValue> { 0 };
        foreach ((long key, byte[] value) in snapshot.Variables)
        {
            present.Add(key);
            if (published.TryGetValue(key, out byte[]? old) && old.AsSpan().SequenceEqual(value)) continue;
            written.Add(key);
            args.Add(PhpRedisKeys.Field(key));
            args.Add(value);
        }
        foreach (long key in published.Keys)
            if (!present.Contains(key)) removed.Add(key);
        if (written.Count == 0 && removed.Count == 0) return new PhpMirrorPass(Version, [], [], true, 0);

        args[0] = written.Count;
        args.Add(removed.Count);
        foreach (long key in removed) args.Add(PhpRedisKeys.Field(key));
        args.Add(_options.ChangeStreamLength);
        args.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        args.Add(snapshot.Image.Length);
        args.Add(snapshot.Header.Total - snapshot.Header.Free);
        args.Add(Environment.MachineName);
        args.Add(string.Join(' ', written.Select(PhpRedisKeys.Field)));
        args.Add(string.Join(' ', removed.Select(PhpRedisKeys.Field)));
        args.Add(Keys.Notify);
        RedisResult result = await _db.ScriptEvaluateAsync(PublishScript,
            [Keys.Segment, Keys.Meta, Keys.Changes], args.ToArray()).ConfigureAwait(false);
        Version = (long)result;

        foreach ((long key, byte[] value) in snapshot.Variables) published[key] = value;
        foreach (long key in removed) published.Remove(key);
        Statistics.Published(written.Count, removed.Count);
        return new PhpMirrorPass(Version, written, removed, true, 0);
    }

    private async Task<List<StreamEntry>> ReadRequestsAsync()
    {
        if (!_groupReady)
        {
            await ConsumerGroups.EnsureAsync(_db, Keys.Requests, PhpRedisKeys.MirrorGroup).ConfigureAwait(false);
            _groupReady = true;
        }
        // Entries delivered to a mirror that died before acknowledging them come first: putting
        // or removing the same value again is harmless, losing a request is not. An idle pass
        // costs one call; when the other reads are due they go out in the same round trip.
        long now = Environment.TickCount64;
        Task<StreamEntry[]>? pending = _ownPendingRead ? null
            : _db.StreamReadGroupAsync(Keys.Requests, PhpRedisKeys.MirrorGroup, _consumer, "0", RequestBatch);
        Task<StreamAutoClaimResult>? orphans = now < _nextClaim ? null
            : _db.StreamAutoClaimAsync(Keys.Requests, PhpRedisKeys.MirrorGroup, _consumer, (long)ClaimIdle.TotalMilliseconds, "0-0", RequestBatch);
        Task<StreamEntry[]> fresh = _db.StreamReadGroupAsync(Keys.Requests, PhpRedisKeys.MirrorGroup, _consumer, ">", RequestBatch);
        // All of them are awaited before any result is used, so a Redis failure of one leaves no
        // other's exception unobserved.
        await Task.WhenAll(new Task?[] { pending, orphans, fresh }.OfType<Task>()).ConfigureAwait(false);
        StreamEntry[] ownPending = pending is null ? [] : await pending.ConfigureAwait(false);
        var all = new List<StreamEntry>(ownPending);
        if (orphans is not null)
        {
            foreach (StreamEntry e in (await orphans.ConfigureAwait(false)).ClaimedEntries)
                if (!all.Exists(x => x.Id == e.Id)) all.Add(e);
        }
        all.AddRange(await fresh.ConfigureAwait(false));
        // More pending entries than one read returns: the next pass reads them again.
        if (pending is not null) _ownPendingRead = ownPending.Length < RequestBatch;
        if (orphans is not null) _nextClaim = now + (long)ClaimEvery.TotalMilliseconds;
        all.Sort((a, b) => CompareIds(a.Id, b.Id));
        return all;
    }

    private async Task RefuseRequestsAsync()
    {
        // Writes were asked for but cannot be done safely without PHP's lock: say so to each
        // requester rather than leave it waiting.
        if (!_options.AcceptRemoteWrites) return;
        List<StreamEntry> requests = await ReadRequestsAsync().ConfigureAwait(false);
        if (requests.Count == 0) return;
        const string why = "the mirror runs without the segment's semaphore and takes no writes";
        await AnswerAsync(requests.Select(e => (e, (string?)e[RemoteProtocol.Id].ToString(), PhpRemoteWriteStatus.Failed, (string?)why)).ToList()).ConfigureAwait(false);
    }

    private (StreamEntry, string?, PhpRemoteWriteStatus, string?) Apply(StreamEntry entry)
    {
        RedisValue idField = entry[RemoteProtocol.Id];
        string? id = idField.IsNull ? null : idField.ToString();
        string op = entry[RemoteProtocol.Operation].ToString();
        if (!RemoteProtocol.TryParseVariable(entry[RemoteProtocol.Variable].ToString(), out long varKey))
            return (entry, id, PhpRemoteWriteStatus.Invalid, "the variable key is not a decimal integer");
        try
        {
            switch (op)
            {
                case RemoteProtocol.Put:
                    RedisValue value = entry[RemoteProtocol.Value];
                    if (value.IsNull) return (entry, id, PhpRemoteWriteStatus.Invalid, "the request has no value");
                    byte[] bytes = (byte[])value!;
                    if (!SerializedCheck.IsOneValue(bytes, out string? why)) return (entry, id, PhpRemoteWriteStatus.Invalid, why);
                    _segment.PutRaw(varKey, bytes);
                    return (entry, id, PhpRemoteWriteStatus.Done, null);
                case RemoteProtocol.Remove:
                    return (entry, id, _segment.Remove(varKey) ? PhpRemoteWriteStatus.Done : PhpRemoteWriteStatus.NotFound, null);
                default:
                    return (entry, id, PhpRemoteWriteStatus.Invalid, $"unknown operation '{op}'");
            }
        }
        catch (PhpShmFullException e)
        {
            return (entry, id, PhpRemoteWriteStatus.Full, e.Message);
        }
        catch (PhpIpcException e)
        {
            return (entry, id, PhpRemoteWriteStatus.Failed, e.Message);
        }
    }

    private async Task AnswerAsync(List<(StreamEntry Entry, string? Id, PhpRemoteWriteStatus Status, string? Message)> answers)
    {
        var pending = new List<Task>();
        foreach (var (entry, id, status, message) in answers)
        {
            if (id is null) continue;
            string reply = RemoteProtocol.FormatReply(status, message);
            pending.Add(_db.StringSetAsync(Keys.Reply(id), reply, RemoteProtocol.ReplyLifetime));
            pending.Add(_db.PublishAsync(RedisChannel.Literal(Keys.Notify), "reply " + id + " " + reply));
            Statistics.Answered();
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
        RedisValue[] ids = answers.Select(a => a.Entry.Id).ToArray();
        await _db.StreamAcknowledgeAsync(Keys.Requests, PhpRedisKeys.MirrorGroup, ids).ConfigureAwait(false);
        await _db.StreamDeleteAsync(Keys.Requests, ids).ConfigureAwait(false);
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscribed || !AcceptsRemoteWrites) return;
        await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Keys.Notify), (_, message) =>
        {
            if (message.StartsWith("request"u8.ToArray()) && _wake.CurrentCount == 0)
            {
                try { _wake.Release(); } catch (SemaphoreFullException) { }
            }
        }).ConfigureAwait(false);
        _subscribed = true;
    }

    private static int CompareIds(RedisValue a, RedisValue b)
    {
        static (ulong, ulong) Split(RedisValue v)
        {
            string s = v.ToString();
            int dash = s.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? (ulong.Parse(s, CultureInfo.InvariantCulture), 0)
                : (ulong.Parse(s.AsSpan(0, dash), CultureInfo.InvariantCulture), ulong.Parse(s.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }
        return Split(a).CompareTo(Split(b));
    }

    /// <summary>Detaches from the segment and the semaphore (the Redis connection is the caller's).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_subscribed) _redis.GetSubscriber().Unsubscribe(RedisChannel.Literal(Keys.Notify));
        _segment.Dispose();
        _semaphore?.Dispose();
        _wake.Dispose();
    }
}
