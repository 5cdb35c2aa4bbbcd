namespace PhpShmCompat;

/// <summary>What <see cref="PhpShmGrow.Grow"/> did.</summary>
/// <param name="Key">The segment's key.</param>
/// <param name="OldId">The old segment's id; it is marked removed and freed when its last process detaches.</param>
/// <param name="NewId">The new segment's id, now under <paramref name="Key"/>.</param>
/// <param name="OldSize">The old segment's size.</param>
/// <param name="NewSize">The new segment's size.</param>
/// <param name="Variables">Variables copied (each verified byte for byte in the new segment).</param>
/// <param name="OtherAttachments">Processes other than this one still attached to the old segment: they keep reading and
/// writing the old copy until they attach again.</param>
public sealed record PhpShmGrowResult(int Key, int OldId, int NewId, long OldSize, long NewSize, int Variables, long OtherAttachments);
