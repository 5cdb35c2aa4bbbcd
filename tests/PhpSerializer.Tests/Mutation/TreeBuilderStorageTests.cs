using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// What the general path allocates besides the tree it returns: containers sized to their count
/// (but never more than a small claim, since the count is only bounded by the input), and its
/// bookkeeping lists kept per thread, so a read of a scalar allocates nothing at all, while
/// lists grown by a large input are dropped rather than kept alive.
/// </summary>
public class TreeBuilderStorageTests
{
    private static PhpValue Build(byte[] input, PhpSerializerOptions? options = null)
    {
        options ??= PhpTestClasses.Options;
        var reader = new PhpSerializedReader(input, options);
        return TreeBuilder.Build(ref reader, options);
    }

    // The second of two reads: the first may allocate the runtime's own first-call data.
    private static long AllocatedBy(byte[] input)
    {
        Build(input);
        return AllocatedByThisRead(input);
    }

    private static long AllocatedByThisRead(byte[] input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Build(input);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Ints(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"i:{i};i:0;"));

    [Theory]
    [InlineData("a:0:{}", 0)]
    [InlineData("a:3:{i:0;N;i:1;N;i:2;N;}", 3)]
    [InlineData("O:8:\"stdClass\":2:{s:1:\"a\";N;s:1:\"b\";N;}", 2)]
    [InlineData("O:7:\"WithSer\":2:{i:0;N;i:1;N;}", 2)]
    [InlineData("O:3:\"Foo\":2:{s:1:\"a\";N;s:1:\"b\";N;}", 2)]
    [InlineData("O:3:\"Foo\":0:{}", 0)]
    public void AContainerIsSizedToItsCount(string input, int capacity)
    {
        PhpValue value = Build(B(input));
        Assert.Equal(capacity, value is PhpArray a ? a.Capacity : ((PhpObject)value).Capacity);
    }

    [Fact]
    public void AScalarAllocatesNothingOnceTheThreadHasItsLists()
    {
        Build(B("a:1:{i:0;i:1;}"));
        Assert.Equal(0, AllocatedBy(B("i:5;")));
        Assert.Equal(0, AllocatedBy(B("N;")));
        Assert.Equal(0, AllocatedBy(B("b:1;")));
    }

    [Fact]
    public void AnUnescapedNumericStringKeyIsReadWithoutACopy()
    {
        Build(B("a:1:{i:5;i:1;}"));
        Assert.Equal(AllocatedBy(B("a:1:{i:5;i:1;}")), AllocatedBy(B("a:1:{s:1:\"5\";i:1;}")));
    }

    [Fact]
    public void ListsGrownByALargeInputAreDroppedAndSmallerOnesKept()
    {
        byte[] scalar = B("i:5;");
        Build(scalar);
        // 3,001 numbered values (the array and its elements) grow the slot list to 4,096 entries,
        // still kept; 5,001 grow it to 8,192, dropped, so the next read makes a new one.
        Build(B($"a:3000:{{{Ints(3000)}}}"));
        Assert.Equal(0, AllocatedByThisRead(scalar));
        Build(B($"a:5000:{{{Ints(5000)}}}"));
        Assert.NotEqual(0, AllocatedByThisRead(scalar));
        Assert.Equal(0, AllocatedByThisRead(scalar));

        // The same for the stack of open containers: 256 levels kept, 300 dropped.
        Build(B(Nest(256)));
        Assert.Equal(0, AllocatedByThisRead(scalar));
        Build(B(Nest(300)));
        Assert.NotEqual(0, AllocatedByThisRead(scalar));
        Assert.Equal(0, AllocatedByThisRead(scalar));
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("a:1:{i:0;", depth)) + "N;" + new string('}', depth);
}
