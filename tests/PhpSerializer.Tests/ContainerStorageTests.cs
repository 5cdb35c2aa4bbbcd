namespace PhpSerializer.Tests;

/// <summary>
/// The array and object storage (one entry array per container, properties stored as key/value):
/// order, in-place replacement, removal, growth past the index threshold, the live
/// <see cref="PhpArray.Entries"/> view and the struct enumerator.
/// </summary>
public class ContainerStorageTests
{
    [Fact]
    public void EntriesIsALivePositionalView()
    {
        var a = new PhpArray { { "x", 1L } };
        var entries = a.Entries;
        a.Add("y", 2L);
        Assert.Equal(2, entries.Count);
        Assert.Equal(PhpArrayKey.FromString("y"), entries[1].Key);
        Assert.Equal<PhpValue>(2L, entries[1].Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => entries[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => entries[-1]);
        Assert.Equal(["x", "y"], entries.Select(e => e.Key.StringValue));
    }

    [Fact]
    public void EnumeratorVisitsEntriesInOrderAndResets()
    {
        var a = new PhpArray();
        for (int i = 0; i < 20; i++) a.Add((PhpValue)(long)i);
        a.Set("k", "v");
        var seen = new List<PhpArrayKey>();
        foreach (var entry in a) seen.Add(entry.Key);
        Assert.Equal(21, seen.Count);
        Assert.Equal(PhpArrayKey.FromInt(19), seen[19]);
        Assert.Equal(PhpArrayKey.FromString("k"), seen[20]);

        var e = a.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        e.Reset();
        Assert.True(e.MoveNext());
        Assert.Equal(PhpArrayKey.FromInt(0), e.Current.Key);
    }

    [Fact]
    public void ReplacingAndRemovingKeepOrderAcrossTheIndexThreshold()
    {
        var a = new PhpArray();
        for (int i = 0; i < 40; i++) a.Set("k" + i, (long)i); // grows past the linear-search size: indexed
        a.Set("k3", "replaced");                                  // in place
        Assert.True(a.Remove("k0"));
        Assert.False(a.Remove("k0"));
        a.Set("k0", "again");                                     // appended at the end now
        Assert.Equal(40, a.Count);
        Assert.Equal(PhpArrayKey.FromString("k1"), a.Entries[0].Key);
        Assert.Equal<PhpValue>("replaced", a["k3"]);
        Assert.Equal(PhpArrayKey.FromString("k0"), a.Entries[39].Key);
        for (int i = 1; i < 40; i++) Assert.True(a.ContainsKey("k" + i));
        Assert.StartsWith("a:40:{s:2:\"k1\";i:1;s:2:\"k2\";i:2;s:2:\"k3\";s:8:\"replaced\";",
            System.Text.Encoding.ASCII.GetString(PhpSerialization.Serialize(a)));
    }

    [Fact]
    public void RemovingTheLastListElementKeepsTheListAndFreesTheSlot()
    {
        var a = PhpArray.List(1L, 2L, 3L);
        Assert.True(a.Remove(2));
        Assert.True(a.IsList);
        a.Add((PhpValue)4L); // next free index stays 3, as in PHP
        Assert.False(a.IsList);
        Assert.Equal<PhpValue>(4L, a[3]);
        Assert.False(a.ContainsKey(2));
    }

    [Fact]
    public void ObjectPropertiesAreStoredByKeyAndMadeOnRequest()
    {
        var o = new PhpObject("C");
        o.Set("pub", 1L);
        o.Set("prot", 2L, PhpVisibility.Protected);
        o.Set("priv", 3L, PhpVisibility.Private, "C");
        o.Set("pub", 10L); // replaced in place
        Assert.Equal(3, o.Count);
        PhpProperty first = o.GetPropertyAt(0);
        Assert.Equal("pub", first.Name);
        Assert.Equal<PhpValue>(10L, first.Value);
        Assert.Equal(PhpVisibility.Protected, o.GetPropertyAt(1).Visibility);
        Assert.Equal("C", o.Find("priv")!.DeclaringClass);
        Assert.True(o.TryGetByKey(PhpArrayKey.RawString("\0*\0prot"), out PhpProperty prot));
        Assert.Equal<PhpValue>(2L, prot.Value);
        Assert.Equal(["pub", "prot", "priv"], o.Properties.Select(p => p.Name));
        Assert.True(o.Remove(PhpArrayKey.RawString("pub")));
        Assert.Equal("prot", o.GetPropertyAt(0).Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.GetPropertyAt(2));
    }
}
