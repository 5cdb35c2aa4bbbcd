namespace PhpShmCompat.Redis;

/// <summary>One change of a mirrored segment, as the mirror published it.</summary>
/// <param name="Version">The mirror's version after the change.</param>
/// <param name="Written">Variables put (new or changed).</param>
/// <param name="Removed">Variables removed.</param>
/// <param name="StreamId">The change stream entry's id.</param>
public sealed record PhpSegmentChange(long Version, IReadOnlyList<long> Written, IReadOnlyList<long> Removed, string StreamId);
