namespace PhpShmCompat;

/// <summary>
/// Which sysvshm layout a <see cref="PhpSharedMemory"/> reads and writes. PHP stores every header
/// and chunk field as its native integer (<c>PHP_INT_SIZE</c> bytes): 64-bit PHP writes a 40-byte
/// header whose <c>start</c> is 40, 32-bit PHP a 24-byte header whose <c>start</c> is 24.
/// </summary>
public enum PhpShmLayout
{
    /// <summary>Detected from the header on every access: 32-bit when the first field, read as 4
    /// bytes, is 24 (which no valid 64-bit header holds); 64-bit otherwise. A new segment is 64-bit.</summary>
    Detect = 0,

    /// <summary>Always 64-bit PHP's layout (8-byte fields); a 32-bit segment is reported as corrupt.</summary>
    Php64 = 1,

    /// <summary>Always 32-bit PHP's layout (4-byte fields), also for a new segment; a 64-bit segment is reported as corrupt.</summary>
    Php32 = 2,
}
