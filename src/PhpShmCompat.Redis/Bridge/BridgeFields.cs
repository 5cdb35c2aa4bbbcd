namespace PhpShmCompat.Redis;

/// <summary>
/// The fields of a stream entry that carries one System V message: <c>type</c> (the message type,
/// decimal), <c>body</c> (the payload bytes, exactly as sent) and <c>origin</c> (a unique id of
/// the message: journal id and sequence number; a message sent twice after a crash has the same
/// origin both times, so duplicates can be recognised).
/// </summary>
public static class PhpBridgeFields
{
    /// <summary>The message type.</summary>
    public const string Type = "type";

    /// <summary>The payload.</summary>
    public const string Body = "body";

    /// <summary>The message's unique origin id.</summary>
    public const string Origin = "origin";

    /// <summary>In a dead-letter entry: why the entry was not delivered.</summary>
    public const string Reason = "reason";

    /// <summary>In a dead-letter entry: the id of the entry in its own stream.</summary>
    public const string SourceId = "source_id";

    /// <summary>The pub/sub channel a bridge announces new entries of <paramref name="stream"/> on.</summary>
    public static string NotifyChannel(string stream) => stream + ":notify";
}
