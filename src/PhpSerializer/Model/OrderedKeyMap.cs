using System.Runtime.InteropServices;

namespace PhpSerializer;

/// <summary>
/// Insertion-ordered map from <see cref="PhpArrayKey"/> to a value, like a PHP HashTable:
/// replacing a key keeps its position. While the keys are exactly int 0..Count-1 in order (a
/// "packed" list, like PHP's packed arrays) a lookup is a bounds check and no index exists.
/// Otherwise small maps are searched linearly, and an index dictionary is built once the map grows.
/// A mutable struct held in a (non-readonly) field of its owner, so an array costs one object
/// fewer; never copy it.
/// </summary>
internal struct OrderedKeyMap<TValue>
{
    private const int IndexThreshold = 8;
    private readonly List<KeyValuePair<PhpArrayKey, TValue>> _entries;
    private Dictionary<PhpArrayKey, int>? _index;
    private bool _packed = true; // keys are int 0..Count-1 in order; _index is null while true

    public OrderedKeyMap(int capacity) => _entries = new List<KeyValuePair<PhpArrayKey, TValue>>(capacity);

    public readonly int Count => _entries.Count;

    public readonly List<KeyValuePair<PhpArrayKey, TValue>> Entries => _entries;

    /// <summary>The entries as a span (valid until the map changes).</summary>
    public readonly ReadOnlySpan<KeyValuePair<PhpArrayKey, TValue>> EntrySpan => CollectionsMarshal.AsSpan(_entries);

    public int IndexOf(PhpArrayKey key)
    {
        if (_packed)
        {
            if (!key.IsInt) return -1;
            long k = key.IntValue;
            return (ulong)k < (ulong)_entries.Count ? (int)k : -1;
        }
        if (_index is not null) return _index.TryGetValue(key, out int i) ? i : -1;
        var entries = _entries;
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key.Equals(key)) return i;
        }
        if (entries.Count >= IndexThreshold) BuildIndex();
        return -1;
    }

    /// <summary>Replaces the value at an existing key (keeping its position) or appends.</summary>
    public void Set(PhpArrayKey key, TValue value) => Put(key, value);

    /// <summary>Replaces the value at an existing key (keeping its position) or appends; returns the key's position. One lookup.</summary>
    public int Put(PhpArrayKey key, TValue value)
    {
        var entry = new KeyValuePair<PhpArrayKey, TValue>(key, value);
        if (_packed)
        {
            if (key.IsInt)
            {
                long k = key.IntValue;
                int count = _entries.Count;
                if ((ulong)k < (ulong)count)
                {
                    _entries[(int)k] = entry;
                    return (int)k;
                }
                if (k == count)
                {
                    _entries.Add(entry);
                    return count;
                }
            }
            _packed = false; // the key is new and breaks the 0..n-1 sequence
        }
        if (_index is not null)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
            if (exists)
            {
                _entries[slot] = entry;
                return slot;
            }
            slot = _entries.Count;
            _entries.Add(entry);
            return slot;
        }
        int i = IndexOf(key); // linear; builds the index when the map has grown
        if (i >= 0)
        {
            _entries[i] = entry;
            return i;
        }
        i = _entries.Count;
        _index?.Add(key, i);
        _entries.Add(entry);
        return i;
    }

    public readonly void SetAt(int index, TValue value) => _entries[index] = new KeyValuePair<PhpArrayKey, TValue>(_entries[index].Key, value);

    public bool Remove(PhpArrayKey key)
    {
        int i = IndexOf(key);
        if (i < 0) return false;
        if (i != _entries.Count - 1) _packed = false; // removing the last element of a list keeps it a list
        _entries.RemoveAt(i);
        _index = null;
        if (!_packed && _entries.Count >= IndexThreshold) BuildIndex();
        return true;
    }

    private void BuildIndex()
    {
        var index = new Dictionary<PhpArrayKey, int>(_entries.Count);
        for (int i = 0; i < _entries.Count; i++) index[_entries[i].Key] = i;
        _index = index;
    }
}
