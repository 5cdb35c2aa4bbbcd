namespace PhpShmCompat.Redis;

/// <summary>How a <see cref="PhpRedisSegment"/> reaches a mirrored segment.</summary>
public sealed class PhpRedisSegmentOptions
{
    /// <summary>Shared defaults.</summary>
    public static PhpRedisSegmentOptions Default { get; } = new();

    /// <summary>The key prefix the mirror uses (see <see cref="PhpRedisKeys"/>). Default <c>phpshm</c>.</summary>
    public string KeyPrefix { get; init; } = PhpRedisKeys.DefaultPrefix;

    /// <summary>How long a put or remove waits for the mirror's answer. Default 30 s.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Options for reading and writing values.</summary>
    public PhpSerializer.PhpSerializerOptions? SerializerOptions { get; init; }
}
