namespace PhpSerializer;

/// <summary>
/// Insertion-ordered map from <see cref="PhpArrayKey"/> to a value, like a PHP HashTable:
/// replacing a key keeps its position. Small maps are searched linearly; an index dictionary
/// is built once the map grows.
/// </summary>
internal sealed class OrderedKeyMap<TValue>
{
    private const int IndexThreshold = 8;
    private readonly List<KeyValuePair<PhpArrayKey, TValue>> _entries;
    private Dictionary<PhpArrayKey, int>? _index;

    public OrderedKeyMap(int capacity) => _entries = new List<KeyValuePair<PhpArrayKey, TValue>>(capacity);

    public int Count => _entries.Count;

    public List<KeyValuePair<PhpArrayKey, TValue>> Entries => _entries;

    public int IndexOf(PhpArrayKey key)
    {
        if (_index is not null) return _index.TryGetValue(key, out int i) ? i : -1;
        var entries = _entries;
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key.Equals(key)) return i;
        }
        if (entries.Count >= IndexThreshold) BuildIndex();
        return -1;
    }

    /// <summary>Replaces the value at an existing key (keeping its position) or appends; returns true when appended.</summary>
    public bool Set(PhpArrayKey key, TValue value)
    {
        int i = IndexOf(key);
        if (i >= 0)
        {
            _entries[i] = new KeyValuePair<PhpArrayKey, TValue>(key, value);
            return false;
        }
        _index?.Add(key, _entries.Count);
        _entries.Add(new KeyValuePair<PhpArrayKey, TValue>(key, value));
        return true;
    }

    public void SetAt(int index, TValue value) => _entries[index] = new KeyValuePair<PhpArrayKey, TValue>(_entries[index].Key, value);

    public bool Remove(PhpArrayKey key)
    {
        int i = IndexOf(key);
        if (i < 0) return false;
        _entries.RemoveAt(i);
        _index = null;
        if (_entries.Count >= IndexThreshold) BuildIndex();
        return true;
    }

    private void BuildIndex()
    {
        var index = new Dictionary<PhpArrayKey, int>(_entries.Count);
        for (int i = 0; i < _entries.Count; i++) index[_entries[i].Key] = i;
        _index = index;
    }
}
