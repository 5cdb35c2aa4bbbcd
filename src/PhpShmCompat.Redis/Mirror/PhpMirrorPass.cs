namespace PhpShmCompat.Redis;

/// <summary>The outcome of one look at the segment.</summary>
/// <param name="Version">The mirror's version after the pass.</param>
/// <param name="Written">Variables whose value was written (new or changed).</param>
/// <param name="Removed">Variables deleted from the mirror.</param>
/// <param name="Consistent">False when an unlocked read never saw two agreeing walks; nothing was published.</param>
/// <param name="RequestsAnswered">Remote requests applied and answered in this pass.</param>
public readonly record struct PhpMirrorPass(long Version, IReadOnlyList<long> Written, IReadOnlyList<long> Removed, bool Consistent, int RequestsAnswered)
{
    /// <summary>Whether the pass published a new version.</summary>
    public bool Changed => Written.Count > 0 || Removed.Count > 0;
}
