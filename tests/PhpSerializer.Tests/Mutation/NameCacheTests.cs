using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The per-thread cache of short names the fast unserialize path shares between documents: a
/// name seen before comes back as the same array, a longer one is copied each time, and a name
/// that lands in a taken slot replaces it without ever being answered with the other name.
/// </summary>
public class NameCacheTests
{
    private const int Slots = 512;

    [Fact]
    public void AShortNameSeenBeforeIsTheSameArray()
    {
        var table = new NameCache.Slot[Slots];
        byte[] first = NameCache.Get(table, B("stdClass"), out uint hash);
        byte[] again = NameCache.Get(table, B("stdClass"), out uint hashAgain);
        Assert.Same(first, again);
        Assert.Equal("stdClass", S(again));
        Assert.Equal(hash, hashAgain);
        Assert.Same(NameCache.Get(table, B("p")), NameCache.Get(table, B("p")));
        Assert.Same(NameCache.Table, NameCache.Table); // one table per thread, kept
    }

    [Fact]
    public void NamesUpToTheMaximumLengthAreSharedAndLongerOnesCopied()
    {
        var table = new NameCache.Slot[Slots];
        string longest = new('n', NameCache.MaxLength);
        string tooLong = new('n', NameCache.MaxLength + 1);
        Assert.Same(NameCache.Get(table, B(longest)), NameCache.Get(table, B(longest)));
        byte[] a = NameCache.Get(table, B(tooLong)), b = NameCache.Get(table, B(tooLong));
        Assert.NotSame(a, b);
        Assert.Equal(tooLong, S(a));
        Assert.Equal(tooLong, S(b));
    }

    [Fact]
    public void ANameInATakenSlotReplacesTheOtherAndIsNeverAnsweredWithIt()
    {
        // Two different short names of the same slot, found by trying names in order.
        var bySlot = new Dictionary<uint, string>();
        string first = "", second = "";
        for (int i = 0; second.Length == 0; i++)
        {
            string name = "k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            uint slot = (uint)NameCache.SlotOf(NameCache.Hash(B(name)));
            if (bySlot.TryGetValue(slot, out string? other)) (first, second) = (other, name);
            else bySlot[slot] = name;
        }
        var table = new NameCache.Slot[Slots];
        byte[] a = NameCache.Get(table, B(first));
        Assert.Equal(second, S(NameCache.Get(table, B(second))));
        byte[] a2 = NameCache.Get(table, B(first));
        Assert.Equal(first, S(a2));
        Assert.NotSame(a, a2); // the second name had taken the slot
        Assert.Same(a2, NameCache.Get(table, B(first)));
    }

    [Fact]
    public void EqualNamesHashEquallyWhateverTheirLength()
    {
        for (int n = 1; n <= 20; n++)
        {
            string name = new string('x', n - 1) + "y";
            Assert.Equal(NameCache.Hash(B(name)), NameCache.Hash(B(name).AsSpan().ToArray()));
        }
    }

    // The table is direct-mapped, so a hash that sends many names of one shape to few slots makes
    // them evict each other on every document. 200 names spread like random picks would take
    // about 166 of the 512 slots (give or take 5); each shape here must take at least 140. Slots
    // taken from the low bits of the hash gave 1 or 2 for names alike but for their last bytes.
    [Theory]
    [InlineData("k{0}")]
    [InlineData("{0}")]
    [InlineData("p{0:D3}")]
    [InlineData("id_{0:D3}")]
    [InlineData("{0:D3}_ab")]
    [InlineData("{0:D3}")]
    [InlineData("prop_{0:D3}")]
    [InlineData("property_{0:D3}")]
    [InlineData("{0:D3}_property")]
    [InlineData("App\\Model\\Item{0:D3}")]
    [InlineData("settings_{0:D3}_of_the_user")]
    [InlineData("a_long_property_name_with_{0:D3}_in_its_middle")]
    public void NamesOfOneShapeSpreadOverTheTable(string shape)
    {
        var slots = new HashSet<int>();
        for (int i = 0; i < 200; i++)
            slots.Add(NameCache.SlotOf(NameCache.Hash(B(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, i)))));
        Assert.True(slots.Count >= 140, $"200 names of the shape {shape} take {slots.Count} slots");
    }
}
