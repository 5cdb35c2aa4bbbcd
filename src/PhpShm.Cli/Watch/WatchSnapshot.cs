using PhpShm.Cli.Commands;
using PhpShm.Cli.Values;
using PhpShmCompat;
using PhpShmCompat.Diagnostics;

namespace PhpShm.Cli.Watch;

/// <summary>How a variable differs from the previous refresh.</summary>
internal enum Change
{
    Same,
    New,
    Changed,
}

/// <summary>One variable as a refresh saw it.</summary>
internal sealed record WatchedVariable(long Key, int Length, string Type, string Value, Change Change, byte[] Data);

/// <summary>One refresh of a segment: capacity, variables, and keys gone since the previous one.</summary>
internal sealed record SegmentSnapshot(DateTimeOffset Time, int Key, int Id, PhpShmCapacity? Capacity, string? Problem, List<WatchedVariable> Variables, List<long> Removed)
{
    /// <summary>Reads the segment read-only and compares every variable's bytes with <paramref name="previous"/>.</summary>
    public static SegmentSnapshot Take(int key, SegmentSnapshot? previous)
    {
        using PhpSharedMemory segment = Segments.OpenExisting(key, readOnly: true);
        var before = previous?.Variables.ToDictionary(v => v.Key) ?? [];
        var vars = new List<WatchedVariable>();
        PhpShmCapacity? capacity = null;
        string? problem = null;
        try
        {
            capacity = segment.Capacity;
            foreach (Segments.Variable v in Segments.ReadAll(segment))
            {
                Change change = previous is null ? Change.Same
                    : !before.TryGetValue(v.Key, out WatchedVariable? old) ? Change.New
                    : old.Data.AsSpan().SequenceEqual(v.Data) ? Change.Same : Change.Changed;
                string type = v.Value is null ? "corrupt" : ValueSummary.TypeName(v.Value);
                string value = v.Value is null ? v.Error!.Message : ValueSummary.OneLine(v.Value, 48);
                vars.Add(new WatchedVariable(v.Key, v.Data.Length, type, value, change, v.Data));
            }
        }
        catch (PhpShmCorruptException e)
        {
            problem = e.Message;
        }
        var now = vars.Select(v => v.Key).ToHashSet();
        List<long> removed = previous is null ? [] : previous.Variables.Select(v => v.Key).Where(k => !now.Contains(k)).ToList();
        return new SegmentSnapshot(DateTimeOffset.UtcNow, key, segment.Id, capacity, problem, vars, removed);
    }
}

/// <summary>One refresh of a queue: depth, bytes, and the depth's rate of change since the previous refresh.</summary>
internal sealed record QueueSnapshot(DateTimeOffset Time, int Key, int Id, long Messages, long Bytes, long MaxBytes, double? RatePerSecond,
    long LastSendPid, long LastReceivePid, long SendTime, long ReceiveTime)
{
    public static QueueSnapshot Take(int key, QueueSnapshot? previous)
    {
        if (!PhpMessageQueue.Exists(key)) throw CliException.NotFound($"no message queue with key {KeyParser.Hex(key)}");
        using PhpMessageQueue queue = PhpMessageQueue.Get(key, IpcPermissions.None);
        PhpMessageQueueStat stat = queue.Stat();
        long bytes = SysvIpcTable.Find(SysvIpcTable.Queues(), key)?.GetOrDefault("cbytes") ?? 0;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        double? rate = previous is null ? null
            : (stat.MessageCount - previous.Messages) / Math.Max(0.001, (now - previous.Time).TotalSeconds);
        return new QueueSnapshot(now, key, queue.QueueId, stat.MessageCount, bytes, stat.MaxBytes, rate,
            stat.LastSendPid, stat.LastReceivePid, stat.SendTime, stat.ReceiveTime);
    }
}
