using System.Buffers.Binary;

namespace PhpSerializer;

/// <summary>
/// A small per-thread cache of short byte strings (class names, property names, string array
/// keys), so that unserializing many documents with the same shapes shares one array per name
/// instead of allocating a copy per occurrence. Safe because the model never exposes these arrays
/// as writable (keys and class names are read-only spans). Direct-mapped: a miss just replaces
/// the slot. Cached entries are immutable, so a table can be shared by nested calls.
/// </summary>
internal static class NameCache
{
    private const int SlotBits = 9;
    private const int Slots = 1 << SlotBits;
    internal const int MaxLength = 48;

    /// <summary>One slot of the table (a struct, so a slot is written without an array covariance check).</summary>
    internal struct Slot
    {
        public byte[]? Name;
    }

    [ThreadStatic] private static Slot[]? t_table;

    /// <summary>The calling thread's table (take it once per parse, not per name).</summary>
    public static Slot[] Table => t_table ??= new Slot[Slots];

    /// <summary>An array equal to <paramref name="name"/>: a cached one when present, else a new one (then cached when short).</summary>
    public static byte[] Get(Slot[] table, ReadOnlySpan<byte> name) => Get(table, name, out _);

    /// <summary>As <see cref="Get(Slot[], ReadOnlySpan{byte})"/>, also giving the name's hash (equal bytes, equal hash).</summary>
    public static byte[] Get(Slot[] table, ReadOnlySpan<byte> name, out uint hash)
    {
        hash = Hash(name);
        if (name.Length > MaxLength || name.IsEmpty) return name.ToArray();
        ref byte[]? slot = ref table[SlotOf(hash)].Name;
        byte[]? cached = slot;
        if (cached is not null && name.SequenceEqual(cached)) return cached;
        byte[] copy = name.ToArray();
        slot = copy;
        return copy;
    }

    /// <summary>
    /// The slot of a name: the hash's top bits. A product's bit k depends only on the factors'
    /// bits 0..k, so only the top bits see every byte (the low ones never see the last bytes of an
    /// 8-byte read, and names alike but for their end would share a few slots).
    /// </summary>
    internal static int SlotOf(uint hash) => (int)(hash >> (32 - SlotBits));

    internal static uint Hash(ReadOnlySpan<byte> name)
    {
        ulong h = (ulong)name.Length * 0x9E3779B97F4A7C15UL;
        if (name.Length >= 8)
        {
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name);
            h *= 0xBF58476D1CE4E5B9UL;
            // Names over 16 bytes mix in their middle words too: names alike but for the middle
            // (settings_001_of_the_user) must not all share a slot.
            for (int i = 8; i < name.Length - 8; i += 8) h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(name[i..])) * 0xBF58476D1CE4E5B9UL;
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]);
        }
        else if (name.Length >= 4)
        {
            // 4 to 7 bytes: the first four and the last four (overlapping) hold every byte; the
            // last ones go low, so that names alike but for their end differ in every bit above.
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(name[^4..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name) << 32);
            h *= 0xBF58476D1CE4E5B9UL;
        }
        else if (!name.IsEmpty)
        {
            // 1 to 3 bytes: the first, middle and last byte hold every byte.
            h ^= name[^1] | ((ulong)name[name.Length >> 1] << 8) | ((ulong)name[0] << 16);
            h *= 0xBF58476D1CE4E5B9UL;
        }
        h *= 0x94D049BB133111EBUL;
        return (uint)(h >> 32);
    }
}
