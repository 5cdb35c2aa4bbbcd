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
    private const int Slots = 512; // power of two
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
        ref byte[]? slot = ref table[hash & (Slots - 1)].Name;
        byte[]? cached = slot;
        if (cached is not null && name.SequenceEqual(cached)) return cached;
        byte[] copy = name.ToArray();
        slot = copy;
        return copy;
    }

    internal static uint Hash(ReadOnlySpan<byte> name)
    {
        ulong h = (ulong)name.Length * 0x9E3779B97F4A7C15UL;
        if (name.Length >= 8)
        {
            // Every 8-byte word, the last one overlapping the one before: names alike but for
            // their middle (settings_001_of_user) must not all share a slot.
            ReadOnlySpan<byte> rest = name;
            for (; rest.Length > 8; rest = rest[8..]) h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(rest)) * 0xBF58476D1CE4E5B9UL;
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name[^8..]);
        }
        else
        {
            for (int i = 0; i < name.Length; i++) h = (h ^ name[i]) * 0x100000001B3UL;
        }
        // A product's bit k depends only on the factors' bits 0..k, so the bytes that land high
        // (the last ones of an 8-byte read) would never reach the slot, taken from bits 32 to 40:
        // fold the high half down first.
        h ^= h >> 32;
        h *= 0x94D049BB133111EBUL;
        return (uint)(h >> 32);
    }
}
