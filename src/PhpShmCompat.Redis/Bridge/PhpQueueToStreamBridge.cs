using System.Globalization;
using StackExchange.Redis;

namespace PhpShmCompat.Redis;

/// <summary>
/// Moves messages from a PHP System V queue to a Redis stream, each with its type and exact
/// bytes (<see cref="PhpBridgeFields"/>), at least once across a <c>kill -9</c> at any instant.
/// </summary>
/// <remarks>
/// <para>The kernel receives each message straight into a memory-mapped journal file, so a
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
            catch (Exception e) when (e is RedisException or TimeoutException or AggregateException)
            {
                Statistics.Failure();
                if (lastChance) return false;
                if (cancellationToken.WaitHandle.WaitOne(backoff.Next())) lastChance = true;
                Statistics.AddResent(batch.Count);
            }
        }
    }

    private void Send(MessageJournal journal, List<MessageJournal.Record> batch, string originPrefix)
    {
        var sends = new Task[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            MessageJournal.Record record = batch[i];
            NameValueEntry[] fields =
            [
                new(PhpBridgeFields.Type, record.Type),
                new(PhpBridgeFields.Body, journal.Payload(record).ToArray()),
                new(PhpBridgeFields.Origin, originPrefix + record.Sequence.ToString(CultureInfo.InvariantCulture)),
            ];
            sends[i] = _options.StreamMaxLength is long max
                ? _db.StreamAddAsync(_options.Stream, fields, maxLength: (int)Math.Min(max, int.MaxValue), useApproximateMaxLength: true)
                : _db.StreamAddAsync(_options.Stream, fields);
        }
        Task.WaitAll(sends);
        _db.Publish(RedisChannel.Literal(PhpBridgeFields.NotifyChannel(_options.Stream)), batch.Count, CommandFlags.FireAndForget);
    }
}
