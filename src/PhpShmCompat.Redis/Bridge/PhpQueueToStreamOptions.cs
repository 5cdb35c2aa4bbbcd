namespace PhpShmCompat.Redis;

/// <summary>What a <see cref="PhpQueueToStreamBridge"/> moves and how.</summary>
public sealed class PhpQueueToStreamOptions
{
    /// <summary>The System V key of the queue PHP sends to (<c>msg_get_queue</c>'s key).</summary>
    public required int QueueKey { get; init; }

    /// <summary>The Redis stream the messages are added to.</summary>
    public required string Stream { get; init; }

    /// <summary>
    /// The journal file messages are received into (see the class remarks). It must be on a local
    /// file system and used by one bridge only; a restarted bridge must be given the same path.
    /// </summary>
    public required string JournalPath { get; init; }

    /// <summary>The journal's size: how much can wait for Redis before the bridge stops taking messages. Default 16 MiB.</summary>
    public long JournalSize { get; init; } = 16L << 20;

    /// <summary>The largest message taken (default: the kernel's <c>msgmax</c>). A larger one stays in the queue and stops the bridge with an error.</summary>
    public int? MaxMessageSize { get; init; }

    /// <summary>Which messages to take (the <c>msg_receive</c> desired type; 0: all).</summary>
    public long DesiredType { get; init; }

    /// <summary>Most messages taken before they are sent in one pipelined round. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Trim the stream to about this many entries (<c>XADD MAXLEN ~</c>); null: no trimming.</summary>
    public long? StreamMaxLength { get; init; }

    /// <summary>Write the journal to disk after every batch (survives a machine crash as well as a killed process; slower). Default false.</summary>
    public bool SyncJournal { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Stream);
        ArgumentException.ThrowIfNullOrEmpty(JournalPath);
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one message.");
        if (MaxMessageSize is < 1) throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize, "The maximum message size must be positive.");
        if (StreamMaxLength is < 1) throw new ArgumentOutOfRangeException(nameof(StreamMaxLength), StreamMaxLength, "Keep at least one entry.");
    }
}
