namespace PhpShmCompat;

/// <summary>The four int64 fields after the <c>PHP_SM</c> magic of a sysvshm segment.</summary>
/// <param name="Start">Offset of the first variable (PHP always writes 40).</param>
/// <param name="End">One past the last used byte.</param>
/// <param name="Free">Bytes left for new variables.</param>
/// <param name="Total">The size the header believes the segment has.</param>
public readonly record struct PhpShmHeader(long Start, long End, long Free, long Total);
