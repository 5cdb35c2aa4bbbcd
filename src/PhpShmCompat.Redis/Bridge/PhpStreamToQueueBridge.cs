using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Moves entries of a Redis stream (read through a consumer group) into a PHP System V queue,
/// each with the type and exact bytes it carries (<see cref="PhpBridgeFields"/>), at least once
/// across a <c>kill -9</c> at any instant.
/// </summary>
/// <remarks>
/// <para>An entry is acknowledged in the group only after <c>msgsnd</c> queued it, so an entry a
/// killed bridge had taken stays pending under its consumer name and is delivered again when the
/// bridge restarts (counted in <see cref="PhpBridgeStatistics.Redelivered"/>: each may be a
/// duplicate).</para>
/// <para>An entry without a positive integer <c>type</c>, without a <c>body</c>, with a body over
/// the kernel's message limit, or (unless <see cref="PhpStreamToQueueOptions.RequireSerialized"/>
/// is off) whose body is not valid <c>serialize()</c> output goes to the dead-letter stream with
/// the reason, never into the queue.</para>
/// <para>When the queue is full, <c>msgsnd</c> waits (as a blocking PHP <c>msg_send</c> does) and
/// no more entries are read; when Redis is unreachable the bridge retries with backoff. Memory
/// use is bounded by the batch size.</para>
/// </remarks>
public sealed class PhpStreamToQueueBridge
{
    private readonly IConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly PhpStreamToQueueOptions _options;

    /// <summary>Creates the bridge; nothing is opened until <see cref="RunAsync"/>.</summary>
    public PhpStreamToQueueBridge(IConnectionMultiplexer redis, PhpStreamToQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _redis = redis;
        _db = redis.GetDatabase();
        _options = options;
    }

    /// <summary>Counters.</summary>
    public PhpBridgeStatistics Statistics { get; } = new();

    /// <summary>Raised (on the bridge's thread) for entries an earlier run took and never acknowledged, before they are delivered again.</summary>
    public event EventHandler<PhpBridgeRecoveredEventArgs>? Recovered;

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, on a thread of its own (it may sleep in <c>msgsnd</c>).</summary>
    public Task RunAsync(CancellationToken cancellationToken)
        => Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        using PhpMessageQueue queue = PhpMessageQueue.Get(_options.QueueKey, _options.QueuePermissions);
        using var wake = new SemaphoreSlim(0, 1);
        ChannelMessageQueue? notifications = null;
        var backoff = new RetryBackoff();
        bool pendingFirst = true, groupReady = false;
        TimeSpan idle = TimeSpan.FromMilliseconds(1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                StreamEntry[] entries;
                try
                {
                    notifications ??= Subscribe(wake);
                    if (!groupReady) { ConsumerGroups.Ensure(_db, _options.Stream, _options.Group); groupReady = true; }
                    // After a restart, first what this consumer took and never acknowledged.
                    entries = _db.StreamReadGroup(_options.Stream, _options.Group, _options.ConsumerName, pendingFirst ? "0" : ">", _options.BatchSize);
                    backoff.Reset();
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    Statistics.Failure();
                    groupReady = false; // a restarted server without persistence has lost it
                    if (cancellationToken.WaitHandle.WaitOne(backoff.Next())) return;
                    continue;
                }
                if (pendingFirst)
                {
                    if (entries.Length == 0) { pendingFirst = false; continue; }
                    Statistics.AddRedelivered(entries.Length);
                    Recovered?.Invoke(this, new PhpBridgeRecoveredEventArgs(entries.Length, 0));
                }
                if (entries.Length == 0)
                {
                    try { wake.Wait(idle, cancellationToken); }
                    catch (OperationCanceledException) { return; }
                    idle = TimeSpan.FromTicks(Math.Min(_options.MaxIdleWait.Ticks, idle.Ticks * 2));
                    continue;
                }
                idle = TimeSpan.FromMilliseconds(1);
                if (!pendingFirst) Statistics.AddReceived(entries.Length);
                Statistics.SetUnconfirmed(entries.Length);
                if (!Deliver(queue, entries, cancellationToken)) return;
                Statistics.SetUnconfirmed(0);
            }
        }
        finally
        {
            notifications?.Unsubscribe();
        }
    }

    // Sends every entry (or dead-letters it) and acknowledges them: every AckEvery entries an
    // acknowledgement goes out without waiting (so a kill redelivers at most that many, not the
    // whole batch), and at the end all of them are confirmed. False when cancelled first (the
    // unacknowledged entries stay pending for the next run).
    private const int AckEvery = 32;

    private bool Deliver(PhpMessageQueue queue, StreamEntry[] entries, CancellationToken cancellationToken)
    {
        var acknowledge = new List<RedisValue>(entries.Length);
        var early = new List<Task>();
        int delivered = 0, sent = 0;
        foreach (StreamEntry entry in entries)
        {
            if (entry.IsNull) { acknowledge.Add(entry.Id); continue; } // trimmed away while pending
            string? problem = Check(entry, out long type, out byte[] body);
            if (problem is not null)
            {
                if (!Retry(() => DeadLetter(entry, problem), cancellationToken)) return false;
                Statistics.AddDeadLettered(1);
                acknowledge.Add(entry.Id);
                continue;
            }
            try
            {
                queue.SendRaw(type, body, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Acknowledge(acknowledge, cancellationToken);
                return false;
            }
            acknowledge.Add(entry.Id);
            delivered++;
            if (acknowledge.Count - sent >= AckEvery)
            {
                early.Add(_db.StreamAcknowledgeAsync(_options.Stream, _options.Group, acknowledge.GetRange(sent, acknowledge.Count - sent).ToArray()));
                sent = acknowledge.Count;
            }
        }
        try
        {
            Task.WaitAll(early.ToArray(), CancellationToken.None); // acknowledgements in flight are awaited even when stopping
            if (sent < acknowledge.Count && !Acknowledge(acknowledge.GetRange(sent, acknowledge.Count - sent), cancellationToken)) return false;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is RedisException or TimeoutException))
        {
            // An early acknowledgement failed: acknowledge the whole batch again (harmless for those that worked).
            Statistics.Failure();
            if (!Acknowledge(acknowledge, cancellationToken)) return false;
        }
        Statistics.AddDelivered(delivered);
        return true;
    }

    private string? Check(StreamEntry entry, out long type, out byte[] body)
    {
        body = [];
        RedisValue typeField = entry[PhpBridgeFields.Type];
        if (!typeField.TryParse(out type) || type <= 0) return "the entry has no positive integer 'type' field";
        RedisValue bodyField = entry[PhpBridgeFields.Body];
        if (bodyField.IsNull) return "the entry has no 'body' field";
        body = (byte[])bodyField!;
        if (body.Length > PhpMessageQueue.MaxMessageSize)
            return $"the body of {body.Length} bytes is over the kernel's msgmax of {PhpMessageQueue.MaxMessageSize} bytes";
        if (_options.RequireSerialized && !SerializedCheck.IsOneValue(body, out string? why)) return why;
        return null;
    }

    private void DeadLetter(StreamEntry entry, string reason)
    {
        var fields = new List<NameValueEntry> { new(PhpBridgeFields.Reason, reason), new(PhpBridgeFields.SourceId, entry.Id) };
        foreach (NameValueEntry value in entry.Values)
            if (value.Name != PhpBridgeFields.Reason && value.Name != PhpBridgeFields.SourceId) fields.Add(value);
        _db.StreamAdd(_options.DeadLetterName, fields.ToArray());
    }

    private bool Acknowledge(List<RedisValue> ids, CancellationToken cancellationToken)
        => ids.Count == 0 || Retry(() => _db.StreamAcknowledge(_options.Stream, _options.Group, ids.ToArray()), cancellationToken);

    // Retries a Redis call until it works; false when cancelled first.
    private bool Retry(Action call, CancellationToken cancellationToken)
    {
        var backoff = new RetryBackoff();
        while (true)
        {
            try
            {
                call();
                return true;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Statistics.Failure();
                if (cancellationToken.WaitHandle.WaitOne(backoff.Next())) return false;
            }
        }
    }

    private ChannelMessageQueue Subscribe(SemaphoreSlim wake)
    {
        ChannelMessageQueue channel = _redis.GetSubscriber().Subscribe(RedisChannel.Literal(PhpBridgeFields.NotifyChannel(_options.Stream)));
        channel.OnMessage(_ =>
        {
            if (wake.CurrentCount != 0) return;
            try { wake.Release(); } catch (SemaphoreFullException) { } catch (ObjectDisposedException) { }
        });
        return channel;
    }
}
