namespace PhpSerializer;

/// <summary>PHP int: a 64-bit signed integer (<c>zend_long</c> on 64-bit PHP).</summary>
public sealed class PhpInt : PhpValue
{
    /// <summary>Creates a PHP int.</summary>
    public PhpInt(long value) => Value = value;

    private const long CacheMin = -128, CacheMax = 1023;
    private static readonly PhpInt[] s_cache = CreateCache();

    private static PhpInt[] CreateCache()
    {
        var cache = new PhpInt[CacheMax - CacheMin + 1];
        for (int i = 0; i < cache.Length; i++) cache[i] = new PhpInt(CacheMin + i);
        return cache;
    }

    /// <summary>A shared instance for small values (PhpInt is immutable), a new one otherwise.</summary>
    internal static PhpInt From(long value)
        => unchecked((ulong)(value - CacheMin)) <= (ulong)(CacheMax - CacheMin) ? s_cache[value - CacheMin] : new PhpInt(value);

    /// <summary>The integer value.</summary>
    public long Value { get; }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Int;
}
