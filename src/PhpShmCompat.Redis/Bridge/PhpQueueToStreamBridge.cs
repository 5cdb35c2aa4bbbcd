using System.Globalization;
using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Moves messages from a PHP System V queue to a Redis stream, each with its type and exact
/// bytes (<see cref="PhpBridgeFields"/>), at least once across a <c>kill -9</c> at any instant.
/// </summary>
/// <remarks>
/// <para>Each batch (up to <see cref="PhpQueueToStreamOptions.BatchSize"/> messages) is added in one
/// script call. The kernel receives each message straight into a memory-mapped journal file, so a
/// message is never only in this process's memory: once <c>msgrcv</c> returns it is in the
/// file's pages, which outlive the process. The journal's record is confirmed only after Redis
/// has acknowledged the stream entry; a restarted bridge sends every unconfirmed record again
/// (counted in <see cref="PhpBridgeStatistics.Resent"/>: each may be a duplicate, recognisable by
/// its <c>origin</c> field).</para>
/// <para>When Redis is unreachable the bridge keeps retrying the batch it holds, with backoff,
/// and takes nothing more from the queue: the messages wait in the kernel queue, and PHP
/// producers see what they see today when it fills (a blocking <c>msg_send</c> waits). Memory
/// use is bounded by the batch size.</para>
/// </remarks>
public sealed class PhpQueueToStreamBridge
{
    private readonly IDatabase _db;
    private readonly PhpQueueToStreamOptions _options;

    /// <summary>Creates the bridge; nothing is opened until <see cref="RunAsync"/>.</summary>
    public PhpQueueToStreamBridge(IConnectionMultiplexer redis, PhpQueueToStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _db = redis.GetDatabase();
        _options = options;
    }

    /// <summary>Counters.</summary>
    public PhpBridgeStatistics Statistics { get; } = new();

    /// <summary>Raised (on the bridge's thread) when the journal holds messages an earlier run never saw confirmed.</summary>
    public event EventHandler<PhpBridgeRecoveredEventArgs>? Recovered;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled, on a thread of its own (it
    /// sleeps in <c>msgrcv</c>). On cancellation the batch in hand gets one more chance to be
    /// sent; what is still unconfirmed stays in the journal for the next run.
    /// </summary>
    /// <exception cref="PhpIpcNotFoundException">The queue does not exist or was removed.</exception>
    public Task RunAsync(CancellationToken cancellationToken)
        => Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        using PhpMessageQueue queue = PhpMessageQueue.Get(_options.QueueKey);
        int room = _options.MaxMessageSize ?? PhpMessageQueue.MaxMessageSize;
        using MessageJournal journal = MessageJournal.Open(_options.JournalPath, _options.JournalSize, room);
        string originPrefix = journal.JournalId.ToString("x16", CultureInfo.InvariantCulture) + "-";

        List<MessageJournal.Record> batch = journal.Recover();
        if (batch.Count > 0)
        {
            Statistics.AddResent(batch.Count);
            Recovered?.Invoke(this, new PhpBridgeRecoveredEventArgs(batch.Count, batch.Count(r => r.LengthInferred)));
            if (!SendWithRetry(journal, batch, originPrefix, cancellationToken)) return;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            batch.Clear();
            MessageJournal.Record? first;
            try
            {
                first = journal.ReceiveNext(buffer => queue.ReceiveInto(buffer, _options.DesiredType, PhpMessageReceiveFlags.None, cancellationToken), room);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (first is MessageJournal.Record r) batch.Add(r);
            while (batch.Count < _options.BatchSize && journal.HasRoom)
            {
                MessageJournal.Record? next = journal.ReceiveNext(buffer => TryReceiveNow(queue, buffer), room);
                if (next is not MessageJournal.Record more) break;
                batch.Add(more);
            }
            Statistics.AddReceived(batch.Count);
            Statistics.SetUnconfirmed(journal.Unconfirmed);
            if (!SendWithRetry(journal, batch, originPrefix, cancellationToken)) return;
        }
    }

    private int TryReceiveNow(PhpMessageQueue queue, Span<byte> buffer)
    {
        try
        {
            return queue.ReceiveInto(buffer, _options.DesiredType, PhpMessageReceiveFlags.NoWait);
        }
        catch (PhpMessageQueueEmptyException)
        {
            return -1;
        }
    }

    // Sends the batch until Redis confirms every entry; false when cancelled first (the batch
    // stays in the journal).
    private bool SendWithRetry(MessageJournal journal, List<MessageJournal.Record> batch, string originPrefix, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return true;
        var backoff = new RetryBackoff();
        bool lastChance = false;
        while (true)
        {
            try
            {
                Send(journal, batch, originPrefix);
                journal.Acknowledge(batch[^1]);
                if (_options.SyncJournal) journal.Flush();
                Statistics.AddDelivered(batch.Count);
                Statistics.SetUnconfirmed(journal.Unconfirmed);
                return true;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Statistics.Failure();
                if (lastChance) return false;
                if (cancellationToken.WaitHandle.WaitOne(backoff.Next())) lastChance = true;
                Statistics.AddResent(batch.Count);
            }
        }
    }

    // One script call adds the whole batch (Redis runs it as one step, nothing in between), so a batch
    // costs one round trip and one reply instead of one per message.
    // KEYS[1]: stream. ARGV[1]: MAXLEN (0: none), then type, body, origin per message.
    private const string AddBatchScript = """
        local n = 0
        for i = 2, #ARGV, 3 do
          if ARGV[1] == '0' then
            redis.call('XADD', KEYS[1], '*', 'type', ARGV[i], 'body', ARGV[i + 1], 'origin', ARGV[i + 2])
          else
            redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'type', ARGV[i], 'body', ARGV[i + 1], 'origin', ARGV[i + 2])
          end
          n = n + 1
        end
        return n
        """;

    private void Send(MessageJournal journal, List<MessageJournal.Record> batch, string originPrefix)
    {
        var args = new RedisValue[1 + (3 * batch.Count)];
        args[0] = _options.StreamMaxLength ?? 0;
        int a = 1;
        foreach (MessageJournal.Record record in batch)
        {
            args[a++] = record.Type;
            args[a++] = journal.Payload(record).ToArray();
            args[a++] = originPrefix + record.Sequence.ToString(CultureInfo.InvariantCulture);
        }
        _db.ScriptEvaluate(AddBatchScript, [_options.Stream], args);
        _db.Publish(RedisChannel.Literal(PhpBridgeFields.NotifyChannel(_options.Stream)), batch.Count, CommandFlags.FireAndForget);
    }
}
