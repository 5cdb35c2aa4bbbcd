namespace PhpSerializer;

/// <summary>
/// Insertion-ordered map from <see cref="PhpArrayKey"/> to a value, like a PHP HashTable:
/// replacing a key keeps its position. While the keys are exactly int 0..Count-1 in order (a
/// "packed" list, like PHP's packed arrays) a lookup is a bounds check and no index exists.
/// Otherwise small maps are searched linearly, and an index dictionary is built once the map grows.
/// The entries live in one array owned by the map (no <see cref="List{T}"/> object in between).
/// A mutable struct held in a (non-readonly) field of its owner, so an array costs one object
/// fewer; never copy it.
/// </summary>
internal struct OrderedKeyMap<TValue>
{
    private const int IndexThreshold = 8;
    private KeyValuePair<PhpArrayKey, TValue>[] _entries;
    private int _count;
    private Dictionary<PhpArrayKey, int>? _index;
    private bool _packed = true; // keys are int 0..Count-1 in order; _index is null while true

    public OrderedKeyMap(int capacity) => _entries = capacity == 0 ? [] : new KeyValuePair<PhpArrayKey, TValue>[capacity];

    public readonly int Count => _count;

    /// <summary>How many entries fit before the entry array grows.</summary>
    public readonly int Capacity => _entries.Length;

    /// <summary>The entries as a span (valid until the map changes).</summary>
    public readonly ReadOnlySpan<KeyValuePair<PhpArrayKey, TValue>> EntrySpan => new(_entries, 0, _count);

    /// <summary>The entry at <paramref name="index"/> (0 &lt;= index &lt; Count).</summary>
    public readonly ref readonly KeyValuePair<PhpArrayKey, TValue> EntryAt(int index)
    {
        if ((uint)index >= (uint)_count) ThrowIndex();
        return ref _entries[index];
    }

    public int IndexOf(PhpArrayKey key)
    {
        if (_packed)
        {
            if (!key.IsInt) return -1;
            long k = key.IntValue;
            return (ulong)k < (ulong)_count ? (int)k : -1;
        }
        if (_index is not null) return _index.TryGetValue(key, out int i) ? i : -1;
        var entries = _entries;
        for (int i = 0; i < _count; i++)
        {
            if (entries[i].Key.Equals(key)) return i;
        }
        if (_count >= IndexThreshold) BuildIndex();
        return -1;
    }

    /// <summary>Replaces the value at an existing key (keeping its position) or appends.</summary>
    public void Set(PhpArrayKey key, TValue value) => Put(key, value);

    /// <summary>Replaces the value at an existing key (keeping its position) or appends; returns the key's position. One lookup.</summary>
    public int Put(PhpArrayKey key, TValue value)
    {
        var entry = new KeyValuePair<PhpArrayKey, TValue>(key, value);
        int count = _count;
        if (_packed)
        {
            if (key.IsInt)
            {
                long k = key.IntValue;
                if ((ulong)k < (ulong)count)
                {
                    _entries[(int)k] = entry;
                    return (int)k;
                }
                if (k == count)
                {
                    Append(entry);
                    return count;
                }
            }
            _packed = false; // the key is new and breaks the 0..n-1 sequence
        }
        if (_index is not null)
        {
            ref int slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
            if (exists)
            {
                _entries[slot] = entry;
                return slot;
            }
            slot = count;
            Append(entry);
            return count;
        }
        int i = IndexOf(key); // linear; builds the index when the map has grown
        if (i >= 0)
        {
            _entries[i] = entry;
            return i;
        }
        _index?.Add(key, count);
        Append(entry);
        return count;
    }

    /// <summary>Appends a key the caller knows is not in the map (no lookup); returns its position.</summary>
    public int AppendNew(PhpArrayKey key, TValue value)
    {
        int count = _count;
        if (_packed && !(key.IsInt && key.IntValue == count)) _packed = false;
        _index?.Add(key, count);
        Append(new KeyValuePair<PhpArrayKey, TValue>(key, value));
        return count;
    }

    private void Append(in KeyValuePair<PhpArrayKey, TValue> entry)
    {
        var entries = _entries;
        int count = _count;
        if ((uint)count < (uint)entries.Length)
        {
            entries[count] = entry;
            _count = count + 1;
            return;
        }
        Grow();
        _entries[count] = entry;
        _count = count + 1;
    }

    private void Grow()
    {
        int capacity = _entries.Length == 0 ? 4 : 2 * _entries.Length;
        if ((uint)capacity > (uint)Array.MaxLength) capacity = Math.Max(Array.MaxLength, _entries.Length + 1);
        Array.Resize(ref _entries, capacity);
    }

    public readonly void SetAt(int index, TValue value)
    {
        if ((uint)index >= (uint)_count) ThrowIndex();
        _entries[index] = new KeyValuePair<PhpArrayKey, TValue>(_entries[index].Key, value);
    }

    public bool Remove(PhpArrayKey key)
    {
        int i = IndexOf(key);
        if (i < 0) return false;
        if (i != _count - 1) _packed = false; // removing the last element of a list keeps it a list
        _count--;
        Array.Copy(_entries, i + 1, _entries, i, _count - i);
        _entries[_count] = default; // no stale reference kept alive
        _index = null;
        if (!_packed && _count >= IndexThreshold) BuildIndex();
        return true;
    }

    private void BuildIndex()
    {
        var index = new Dictionary<PhpArrayKey, int>(_count);
        for (int i = 0; i < _count; i++) index[_entries[i].Key] = i;
        _index = index;
    }

    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}
