namespace PhpShmCompat.Redis;

/// <summary>What a <see cref="PhpStreamToQueueBridge"/> moves and how.</summary>
public sealed class PhpStreamToQueueOptions
{
    /// <summary>The Redis stream to read.</summary>
    public required string Stream { get; init; }

    /// <summary>The consumer group (created at the start of the stream when missing).</summary>
    public required string Group { get; init; }

    /// <summary>The System V key of the queue the messages are sent to (created when missing, mode 0666 as PHP's <c>msg_get_queue</c> default).</summary>
    public required int QueueKey { get; init; }

    /// <summary>
    /// This bridge's consumer name in the group. It must stay the same across restarts: entries
    /// delivered to it and not acknowledged are delivered again under that name. Default: host
    /// name and queue key.
    /// </summary>
    public string? Consumer { get; init; }

    /// <summary>Where entries that cannot be delivered go. Default: the stream's name + <c>:dead</c>.</summary>
    public string? DeadLetterStream { get; init; }

    /// <summary>Deliver only bodies that are valid <c>serialize()</c> output (what PHP's <c>msg_receive</c> unserializes). Default true; false for raw payloads.</summary>
    public bool RequireSerialized { get; init; } = true;

    /// <summary>Most entries read per round. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>The longest pause between looks at an idle stream (a bridge's notification wakes it at once). Default 100 ms.</summary>
    public TimeSpan MaxIdleWait { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Permissions of the queue when this bridge creates it.</summary>
    public IpcPermissions? QueuePermissions { get; init; }

    internal string ConsumerName => Consumer ?? $"{Environment.MachineName}-{PhpIpcException.FormatKey(QueueKey)}";
    internal string DeadLetterName => DeadLetterStream ?? Stream + ":dead";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Stream);
        ArgumentException.ThrowIfNullOrEmpty(Group);
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "A batch holds at least one entry.");
        if (MaxIdleWait <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxIdleWait), MaxIdleWait, "The idle wait must be positive.");
    }
}
