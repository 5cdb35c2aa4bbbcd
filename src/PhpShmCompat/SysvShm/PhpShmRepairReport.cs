namespace PhpShmCompat;

/// <summary>A variable <see cref="PhpShmRepair"/> kept (or left out) and where it was found in the damaged image.</summary>
/// <param name="Key">The variable key.</param>
/// <param name="Length">Serialized bytes.</param>
/// <param name="Offset">Offset of its chunk in the damaged image.</param>
/// <param name="Suspect">Its chunk ends exactly where unreadable bytes begin: the chunk a killed copy was moving when it
/// stopped looks like this. Its framing is intact, but <c>serialize()</c> data has no checksum, so bytes in the middle of a
/// string may still be from before the crash; check the value.</param>
public readonly record struct PhpShmSalvagedVariable(long Key, int Length, int Offset, bool Suspect = false);

/// <summary>What <see cref="PhpShmRepair.Repair"/> found and did.</summary>
/// <param name="Key">The segment's key.</param>
/// <param name="ImagePath">Where the image as found was saved before anything changed.</param>
/// <param name="WasValid">The segment passed validation (layout and every value): it was left exactly as it was.</param>
/// <param name="Rewritten">The segment was rewritten with the kept variables.</param>
/// <param name="Problems">What validation found before the repair.</param>
/// <param name="Kept">Intact variables, in the order they are now stored.</param>
/// <param name="Duplicates">Intact chunks of a key already kept (PHP reads the first one; these are left out).</param>
/// <param name="UnreadableRanges">Byte ranges of the damaged image below its end that held no intact chunk: what was lost.</param>
public sealed record PhpShmRepairReport(
    int Key,
    string ImagePath,
    bool WasValid,
    bool Rewritten,
    IReadOnlyList<PhpShmProblem> Problems,
    IReadOnlyList<PhpShmSalvagedVariable> Kept,
    IReadOnlyList<PhpShmSalvagedVariable> Duplicates,
    IReadOnlyList<(int From, int To)> UnreadableRanges)
{
    /// <summary>Bytes of the damaged image that held no intact chunk.</summary>
    public long UnreadableBytes => UnreadableRanges.Sum(r => (long)(r.To - r.From));
}
