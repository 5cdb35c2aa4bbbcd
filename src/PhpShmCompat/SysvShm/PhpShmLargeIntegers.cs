namespace PhpShmCompat;

/// <summary>
/// What <see cref="PhpSharedMemory.Put(long, PhpSerializer.PhpValue, PhpSerializer.PhpSerializerOptions?)"/>
/// writes to a 32-bit segment for an int value outside 32-bit PHP's int range
/// (-2147483648..2147483647). 32-bit PHP itself holds such a number as a float and serializes it
/// as one (<c>3000000000</c> is <c>d:3000000000;</c>); reading <c>i:3000000000;</c> it also makes
/// a float of it. Array keys beyond that range are always refused: 32-bit PHP's
/// <c>unserialize()</c> fails on them, so it could not read the variable at all.
/// </summary>
public enum PhpShmLargeIntegers
{
    /// <summary>Write the value as 32-bit PHP does, a PHP float (<c>d:</c>): the bytes equal what 32-bit PHP writes
    /// for the same number. Exact up to 2^53; beyond that the float is the nearest double, as in PHP.</summary>
    AsFloat = 0,

    /// <summary>Write <c>i:N;</c> unchanged (32-bit PHP reads a float; the bytes differ from what it would write).</summary>
    AsInt = 1,

    /// <summary>Refuse the put with an <see cref="ArgumentOutOfRangeException"/>.</summary>
    Throw = 2,
}
