namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// PHP arrays and object property maps: insertion order, replacement in place, removal, the next
/// free index, bounds, and the switches between the list form, the linear search and the index.
/// </summary>
public class ArrayModelTests
{
    // A plain ordered list of pairs as the reference: what any sequence of operations must leave.
    private sealed class ListModel
    {
        public readonly List<KeyValuePair<PhpArrayKey, long>> Entries = new();

        public int IndexOf(PhpArrayKey key) => Entries.FindIndex(e => e.Key.Equals(key));

        public void Set(PhpArrayKey key, long value)
        {
            int i = IndexOf(key);
            if (i >= 0) Entries[i] = new(key, value);
            else Entries.Add(new(key, value));
        }

        public bool Remove(PhpArrayKey key)
        {
            int i = IndexOf(key);
            if (i < 0) return false;
            Entries.RemoveAt(i);
            return true;
        }
    }

    private static void AssertSame(ListModel model, PhpArray array, IReadOnlyList<PhpArrayKey> probes, string step)
    {
        Assert.True(model.Entries.Count == array.Count, step);
        for (int i = 0; i < model.Entries.Count; i++)
        {
            var entry = array.Entries[i];
            Assert.True(model.Entries[i].Key.Equals(entry.Key), $"{step}: key at {i}");
            Assert.True(model.Entries[i].Value == ((PhpInt)entry.Value).Value, $"{step}: value at {i}");
        }
        foreach (var key in probes)
        {
            int expected = model.IndexOf(key);
            Assert.True(expected == array.IndexOfKey(key), $"{step}: position of {key}");
            Assert.True((expected >= 0) == array.ContainsKey(key), $"{step}: contains {key}");
        }
        bool isList = true;
        for (int i = 0; i < model.Entries.Count; i++) isList &= model.Entries[i].Key.Equals(PhpArrayKey.FromInt(i));
        Assert.True(isList == array.IsList, $"{step}: is list");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void OperationSequencesAgreeWithAnOrderedListOfPairs(int seed)
    {
        // A small key pool so that keys repeat: ints around the list range and a few strings.
        var pool = new List<PhpArrayKey>();
        for (long k = -2; k < 14; k++) pool.Add(k);
        pool.Add(long.MaxValue);
        foreach (string s in new[] { "a", "b", "c", "" }) pool.Add(PhpArrayKey.RawString(s));
        var generator = new Random(seed);
        var model = new ListModel();
        var array = new PhpArray(seed % 3);
        for (int step = 0; step < 400; step++)
        {
            PhpArrayKey key = pool[generator.Next(pool.Count)];
            long value = step;
            string what;
            switch (generator.Next(10))
            {
                case < 4:
                    what = $"set {key}";
                    model.Set(key, value);
                    array.Set(key, value);
                    break;
                case < 6:
                    what = $"put {key}";
                    int at = array.Put(key, value);
                    model.Set(key, value);
                    Assert.True(at == model.IndexOf(key), $"step {step}: {what} position");
                    break;
                case < 8:
                    what = $"remove {key}";
                    Assert.True(model.Remove(key) == array.Remove(key), $"step {step}: {what}");
                    break;
                case 8:
                    what = "append list key";
                    // Keeps long stretches of list form: the next position as key.
                    PhpArrayKey next = model.Entries.Count;
                    if (model.IndexOf(next) >= 0) goto default;
                    model.Set(next, value);
                    array.AppendNew(next, value);
                    break;
                default:
                    what = "set at";
                    if (model.Entries.Count == 0) break;
                    int index = generator.Next(model.Entries.Count);
                    model.Entries[index] = new(model.Entries[index].Key, value);
                    array.SetValueAt(index, value);
                    break;
            }
            AssertSame(model, array, pool, $"step {step}: {what}");
        }
    }

    [Fact]
    public void AListGrowsPastTheIndexThresholdAndLooksUpEveryKey()
    {
        var list = new PhpArray();
        for (int i = 0; i < 40; i++) list.Add((long)i * 10);
        Assert.True(list.IsList);
        for (int i = 0; i < 40; i++) Assert.Equal(i, list.IndexOfKey(i));
        Assert.Equal(-1, list.IndexOfKey(40));
        Assert.Equal(-1, list.IndexOfKey(-1));
        Assert.Equal(-1, list.IndexOfKey(long.MinValue));
        Assert.Equal(-1, list.IndexOfKey(PhpArrayKey.RawString("0")));
        // Leaving the list form: a string key, then lookups go through the search or the index.
        list.Set("s", 1L);
        for (int i = 0; i < 40; i++) Assert.Equal(i, list.IndexOfKey(i));
        Assert.Equal(40, list.IndexOfKey("s"));
        Assert.Equal(-1, list.IndexOfKey(41));
        Assert.True(list.Remove(0));
        Assert.Equal(0, list.IndexOfKey(1));
        Assert.Equal(39, list.IndexOfKey("s"));
        Assert.Equal(-1, list.IndexOfKey(0));
    }

    [Fact]
    public void RemovingTheLastElementOfAListKeepsTheRestAList()
    {
        var list = PhpArray.List(1L, 2L, 3L);
        Assert.True(list.Remove(2));
        Assert.True(list.IsList);
        Assert.Equal(1, list.IndexOfKey(1));
        Assert.Equal(-1, list.IndexOfKey(2));
        list.Set(2, 9L); // the list form continues at the freed position
        Assert.True(list.IsList);
        Assert.Equal(2, list.IndexOfKey(2));
        Assert.True(list.Remove(0));
        Assert.False(list.IsList);
        Assert.Equal(0, list.IndexOfKey(1));
        Assert.Equal(1, list.IndexOfKey(2));
        Assert.False(list.Remove(0));
    }

    [Fact]
    public void RemovingAMiddleElementOfAListLeavesTheKeysWhereTheyAre()
    {
        var list = PhpArray.List(10L, 11L, 12L, 13L);
        Assert.True(list.Remove(1));
        Assert.False(list.IsList);
        Assert.Equal(-1, list.IndexOfKey(1));
        Assert.False(list.ContainsKey(1));
        Assert.Equal(1, list.IndexOfKey(2));
        Assert.Equal(2, list.IndexOfKey(3));
        Assert.Equal(12L, ((PhpInt)list[2]).Value);
        Assert.False(list.TryGetValue(1, out _));
    }

    [Fact]
    public void AppendingAKeyOutOfSequenceEndsTheListForm()
    {
        var a = new PhpArray();
        a.AppendNew(5, 2L);
        a.AppendNew(0, 1L);
        Assert.False(a.IsList);
        Assert.Equal(0, a.IndexOfKey(5));
        Assert.Equal(1, a.IndexOfKey(0));
        Assert.Equal(-1, a.IndexOfKey(1));
        Assert.Equal(2L, ((PhpInt)a[5]).Value);
        a.Set(1, 3L); // a new key after the list form ended is appended, not put at position 1
        Assert.Equal(2, a.IndexOfKey(1));
        Assert.Equal(new long[] { 5, 0, 1 }, a.Entries.Select(e => e.Key.IntValue));
        var strings = new PhpArray();
        strings.AppendNew(PhpArrayKey.RawString("0"), 1L);
        Assert.Equal(-1, strings.IndexOfKey(0));
        Assert.Equal(0, strings.IndexOfKey(PhpArrayKey.RawString("0")));
    }

    // After a removal the index is rebuilt only for maps that have left the list form; a list
    // keeps no index, so keys appended to it later are found after it leaves the list form.
    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void AListThatLostItsLastElementFindsKeysAppendedLater(int length)
    {
        var list = new PhpArray();
        for (int i = 0; i < length; i++) list.Add((long)i);
        Assert.True(list.Remove(length - 1));
        list.Set(length - 1, 100L); // the freed position again: still a list
        list.Set(length, 101L);
        Assert.True(list.IsList);
        list.Set("s", 102L);       // leaves the list form
        for (int i = 0; i <= length; i++) Assert.Equal(i, list.IndexOfKey(i));
        Assert.Equal(length + 1, list.IndexOfKey("s"));
        Assert.Equal(101L, ((PhpInt)list[length]).Value);
        list.Set(length, 103L);    // replaced in place, found through the index or the search
        Assert.Equal(length + 2, list.Count);
        Assert.Equal(103L, ((PhpInt)list.Entries[length].Value).Value);
    }

    [Fact]
    public void TheNextFreeIndexIsTheLargestIntKeyEverSetPlusOne()
    {
        var a = new PhpArray();
        Assert.Equal(0, a.NextFreeIndex);
        a.Set("x", 1L);
        Assert.Equal(0, a.NextFreeIndex);
        a.Set(-5, 1L);
        Assert.Equal(-4, a.NextFreeIndex);
        a.Set(3, 1L);
        Assert.Equal(4, a.NextFreeIndex);
        a.Set(3, 2L);
        Assert.Equal(4, a.NextFreeIndex);
        a.Set(1, 1L);
        Assert.Equal(4, a.NextFreeIndex);
        a.Remove(3);
        Assert.Equal(4, a.NextFreeIndex); // removal does not give the index back
        a.Add(7L);
        Assert.True(a.ContainsKey(4));
        var appended = new PhpArray();
        appended.AppendNew(6, 1L);
        Assert.Equal(7, appended.NextFreeIndex);
        appended.AppendNew(PhpArrayKey.RawString("s"), 1L);
        Assert.Equal(7, appended.NextFreeIndex);
    }

    [Fact]
    public void AddingAtTheLastIntKeyWorksOnceAndThenFails()
    {
        var a = new PhpArray { { long.MaxValue - 1, 1L } };
        Assert.Equal(long.MaxValue, a.NextFreeIndex);
        a.Add(2L);
        Assert.True(a.ContainsKey(long.MaxValue));
        Assert.Equal(long.MaxValue, a.NextFreeIndex); // saturates
        var e = Assert.Throws<InvalidOperationException>(() => a.Add(3L));
        Assert.Equal("Cannot add element to the array as the next element is already occupied.", e.Message);
        Assert.Equal(2, a.Count);
        a.Remove(long.MaxValue);
        a.Add(4L); // the slot is free again
        Assert.Equal(4L, ((PhpInt)a[long.MaxValue]).Value);
    }

    [Fact]
    public void MissingKeysAndPositionsAreReported()
    {
        var a = PhpArray.List(1L);
        var e = Assert.Throws<KeyNotFoundException>(() => a[5]);
        Assert.Equal("Key [5] is not in the array.", e.Message);
        Assert.Equal("Key [\"k\"] is not in the array.", Assert.Throws<KeyNotFoundException>(() => a["k"]).Message);
        Assert.False(a.TryGetValue(1, out var missing));
        Assert.Same(PhpNull.Instance, missing);
        Assert.True(a.TryGetValue(0, out var found));
        Assert.Equal(1L, ((PhpInt)found).Value);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => a.Entries[1]).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => a.Entries[-1]).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => a.SetValueAt(1, 2L)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => a.SetValueAt(-1, 2L)).ParamName);
        var o = new PhpObject("O") { { "p", 1L } };
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => o.GetPropertyAt(1)).ParamName);
        Assert.Equal("p", o.GetPropertyAt(0).Name);
    }

    [Fact]
    public void NullValuesAreRefused()
    {
        var a = new PhpArray();
        Assert.Throws<ArgumentNullException>(() => a.Set(0, null!));
        Assert.Throws<ArgumentNullException>(() => a.Add((PhpValue)null!));
        Assert.Throws<ArgumentNullException>(() => a.Put(0, null!));
        var o = new PhpObject("O") { { "p", 1L } };
        Assert.Throws<ArgumentNullException>(() => o.Set((PhpProperty)null!));
        Assert.Throws<ArgumentNullException>(() => o.Put(PhpArrayKey.RawString("q"), null!));
        Assert.Throws<ArgumentNullException>(() => o.SetValueAt(0, null!));
        Assert.Throws<ArgumentNullException>(() => o.Find(null!));
        Assert.Throws<ArgumentNullException>(() => new PhpObject((string)null!));
        Assert.Equal(0, a.Count);
        Assert.Equal(1, o.Count);
    }

    [Fact]
    public void ANegativeCapacityIsAnEmptyArray()
    {
        var a = new PhpArray(-3);
        Assert.Equal(0, a.Count);
        a.Add(1L);
        Assert.True(a.IsList);
        var sized = new PhpArray(2);
        for (int i = 0; i < 5; i++) sized.Add((long)i);
        Assert.Equal(5, sized.Count);
        Assert.Equal(4L, ((PhpInt)sized[4]).Value);
    }

    [Fact]
    public void TheEntriesViewAndTheEnumeratorsFollowTheArray()
    {
        var a = PhpArray.List(1L, 2L);
        var view = a.Entries;
        a.Add(3L);
        Assert.Equal(3, view.Count);
        Assert.Equal(new long[] { 1, 2, 3 }, view.Select(e => ((PhpInt)e.Value).Value));
        var untyped = new List<long>();
        foreach (object o in (System.Collections.IEnumerable)view) untyped.Add(((PhpInt)((KeyValuePair<PhpArrayKey, PhpValue>)o).Value).Value);
        Assert.Equal(new long[] { 1, 2, 3 }, untyped);
        var e = a.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        Assert.Equal(1L, e.Current.Key.IntValue);
        e.Reset();
        Assert.True(e.MoveNext());
        Assert.Equal(0L, e.Current.Key.IntValue);
        Assert.Equal(0L, ((KeyValuePair<PhpArrayKey, PhpValue>)((System.Collections.IEnumerator)e).Current).Key.IntValue);
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        Assert.False(e.MoveNext());
        e.Dispose();
        Assert.Equal(3, ((IEnumerable<KeyValuePair<PhpArrayKey, PhpValue>>)a).Select(x => x.Key).ToList().Count);
        Assert.Equal(3, ((System.Collections.IEnumerable)a).Cast<object>().Count());
    }
}
