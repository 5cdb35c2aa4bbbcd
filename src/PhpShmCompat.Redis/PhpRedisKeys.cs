using System.Globalization;

namespace PhpShmCompat.Redis;

/// <summary>
/// The Redis key names of one mirrored segment. With the default prefix, segment
/// <c>0x0001e240</c> (123456) is:
/// <list type="table">
/// <item><term><c>phpshm:shm:0x0001e240</c></term><description>hash: one field per variable (its key in decimal), holding its exact <c>serialize()</c> bytes.</description></item>
/// <item><term><c>phpshm:shm:0x0001e240:meta</c></term><description>hash: <c>version</c> (grows with every change), <c>updated_ms</c>, <c>size</c>, <c>used</c>, <c>host</c>.</description></item>
/// <item><term><c>phpshm:shm:0x0001e240:changes</c></term><description>stream: one entry per change: <c>version</c>, <c>put</c> and <c>removed</c> (variable keys, space-separated).</description></item>
/// <item><term><c>phpshm:shm:0x0001e240:requests</c></term><description>stream: remote put/remove requests, read by the mirror's consumer group <c>phpshm-mirror</c>.</description></item>
/// <item><term><c>phpshm:shm:0x0001e240:reply:ID</c></term><description>string: the answer to request ID (kept for five minutes).</description></item>
/// <item><term><c>phpshm:shm:0x0001e240:notify</c></term><description>pub/sub channel: the new version after each change; request ids with their answer.</description></item>
/// </list>
/// </summary>
public sealed class PhpRedisKeys
{
    /// <summary>The prefix every key starts with unless another is given.</summary>
    public const string DefaultPrefix = "phpshm";

    /// <summary>The consumer group the mirror reads requests with.</summary>
    public const string MirrorGroup = "phpshm-mirror";

    /// <summary>Creates the names for segment <paramref name="segmentKey"/>.</summary>
    public PhpRedisKeys(int segmentKey, string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        SegmentKey = segmentKey;
        Prefix = prefix;
        Segment = $"{prefix}:shm:0x{(uint)segmentKey:x8}";
    }

    /// <summary>The System V key of the segment.</summary>
    public int SegmentKey { get; }

    /// <summary>The prefix.</summary>
    public string Prefix { get; }

    /// <summary>The hash of variables.</summary>
    public string Segment { get; }

    /// <summary>The hash with the version and the segment's size.</summary>
    public string Meta => Segment + ":meta";

    /// <summary>The stream of changes.</summary>
    public string Changes => Segment + ":changes";

    /// <summary>The stream of remote write requests.</summary>
    public string Requests => Segment + ":requests";

    /// <summary>The pub/sub channel for versions and answers.</summary>
    public string Notify => Segment + ":notify";

    /// <summary>Where the answer to request <paramref name="requestId"/> is kept.</summary>
    public string Reply(string requestId) => Segment + ":reply:" + requestId;

    /// <summary>A variable key as its hash field (decimal, as PHP prints an int).</summary>
    public static string Field(long varKey) => varKey.ToString(CultureInfo.InvariantCulture);
}
