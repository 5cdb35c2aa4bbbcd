using System.Collections;

namespace PhpSerializer;

/// <summary>
/// PHP array: an insertion-ordered map with int|string keys. Setting an existing key replaces
/// the value in place; <see cref="Add(PhpValue)"/> appends at the next free int key like
/// <c>$a[] = $v</c>. String keys given as <see cref="string"/> are normalised like PHP
/// (<c>"5"</c> becomes int 5).
/// </summary>
public sealed class PhpArray : PhpValue, IEnumerable<KeyValuePair<PhpArrayKey, PhpValue>>
{
    private OrderedKeyMap<PhpValue> _map;
    private long _nextFree = long.MinValue; // PHP nNextFreeElement: MinValue = no int key yet

    /// <summary>Creates an empty array.</summary>
    public PhpArray() : this(0) { }

    /// <summary>Creates an empty array with room for <paramref name="capacity"/> elements.</summary>
    public PhpArray(int capacity) => _map = new OrderedKeyMap<PhpValue>(Math.Max(0, capacity));

    /// <summary>Creates a list array (keys 0..n-1) of <paramref name="values"/>.</summary>
    public static PhpArray List(params PhpValue[] values)
    {
        var a = new PhpArray(values.Length);
        foreach (var v in values) a.Add(v);
        return a;
    }

    /// <inheritdoc />
    public override PhpValueKind Kind => PhpValueKind.Array;

    /// <summary>Number of elements.</summary>
    public int Count => _map.Count;

    /// <summary>How many entries fit before the storage grows.</summary>
    internal int Capacity => _map.Capacity;

    /// <summary>The elements in order (a live view: it follows later changes to the array).</summary>
    public IReadOnlyList<KeyValuePair<PhpArrayKey, PhpValue>> Entries => new EntryList(this);

    /// <summary>The elements in order, as a span (valid until the array changes).</summary>
    internal ReadOnlySpan<KeyValuePair<PhpArrayKey, PhpValue>> EntrySpan => _map.EntrySpan;

    /// <summary>The next key <see cref="Add(PhpValue)"/> uses: largest int key ever set + 1, or 0 (PHP 8.2: after key -5 comes -4).</summary>
    public long NextFreeIndex => _nextFree == long.MinValue ? 0 : _nextFree;

    /// <summary>True when the keys are exactly 0, 1, ..., Count-1 in order (PHP <c>array_is_list</c>).</summary>
    public bool IsList
    {
        get
        {
            var entries = _map.EntrySpan;
            for (int i = 0; i < entries.Length; i++)
            {
                var k = entries[i].Key;
                if (!k.IsInt || k.IntValue != i) return false;
            }
            return true;
        }
    }

    /// <summary>Gets (throws <see cref="KeyNotFoundException"/> when missing) or sets the value at <paramref name="key"/>.</summary>
    public PhpValue this[PhpArrayKey key]
    {
        get => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"Key {key} is not in the array.");
        set => Set(key, value);
    }

    /// <summary>Looks up a key.</summary>
    public bool TryGetValue(PhpArrayKey key, out PhpValue value)
    {
        int i = _map.IndexOf(key);
        if (i < 0)
        {
            value = PhpNull.Instance;
            return false;
        }
        value = _map.EntryAt(i).Value;
        return true;
    }

    /// <summary>True when the key exists.</summary>
    public bool ContainsKey(PhpArrayKey key) => _map.IndexOf(key) >= 0;

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>: replaces in place or appends.</summary>
    public void Set(PhpArrayKey key, PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Store(key, value);
    }

    private int Store(PhpArrayKey key, PhpValue value)
    {
        int index = _map.Put(key, value);
        NoteKey(key);
        return index;
    }

    /// <summary>Same as <see cref="Set"/> (for collection initialisers: <c>{ "key", value }</c>).</summary>
    public void Add(PhpArrayKey key, PhpValue value) => Set(key, value);

    /// <summary>Appends at the next free int key, like <c>$a[] = $value</c>.</summary>
    public void Add(PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        long key = NextFreeIndex;
        if (key == long.MaxValue && ContainsKey(key))
            throw new InvalidOperationException("Cannot add element to the array as the next element is already occupied.");
        Set(key, value);
    }

    /// <summary>Removes a key; the next free index does not go down (as in PHP).</summary>
    public bool Remove(PhpArrayKey key) => _map.Remove(key);

    internal void SetValueAt(int index, PhpValue value) => _map.SetAt(index, value);

    internal int IndexOfKey(PhpArrayKey key) => _map.IndexOf(key);

    /// <summary>The entry at position <paramref name="index"/>.</summary>
    internal ref readonly KeyValuePair<PhpArrayKey, PhpValue> EntryAt(int index) => ref _map.EntryAt(index);

    // PHP's nNextFreeElement: the largest int key ever set + 1 (saturating).
    private void NoteKey(PhpArrayKey key)
    {
        if (key.IsInt && key.IntValue >= _nextFree) _nextFree = key.IntValue == long.MaxValue ? long.MaxValue : key.IntValue + 1;
    }

    /// <summary>Appends a key the caller knows is not in the array (no lookup).</summary>
    internal void AppendNew(PhpArrayKey key, PhpValue value)
    {
        _map.AppendNew(key, value);
        NoteKey(key);
    }

    /// <summary>Sets and returns the position of the key.</summary>
    internal int Put(PhpArrayKey key, PhpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Store(key, value);
    }

    /// <summary>Enumerates the elements in order (the array must not change meanwhile).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<PhpArrayKey, PhpValue>> IEnumerable<KeyValuePair<PhpArrayKey, PhpValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the elements of a <see cref="PhpArray"/> in order, without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<PhpArrayKey, PhpValue>>
    {
        private readonly PhpArray _array;
        private int _index;

        internal Enumerator(PhpArray array)
        {
            _array = array;
            _index = -1;
        }

        /// <inheritdoc />
        public readonly KeyValuePair<PhpArrayKey, PhpValue> Current => _array._map.EntryAt(_index);

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext() => ++_index < _array._map.Count;

        /// <inheritdoc />
        public void Reset() => _index = -1;

        /// <inheritdoc />
        public readonly void Dispose() { }
    }

    // The public Entries view: positions 0..Count-1 of the live array.
    private sealed class EntryList(PhpArray array) : IReadOnlyList<KeyValuePair<PhpArrayKey, PhpValue>>
    {
        public KeyValuePair<PhpArrayKey, PhpValue> this[int index] => array._map.EntryAt(index);

        public int Count => array._map.Count;

        public IEnumerator<KeyValuePair<PhpArrayKey, PhpValue>> GetEnumerator() => array.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
