using PhpSerializer.Tests.Hostile;

namespace PhpSerializer.Tests.Document;

/// <summary>
/// One document loaded again and again (<see cref="PhpDocument.Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>):
/// each load reads as a fresh parse would, elements of earlier content refuse to read, and a
/// failed load leaves the document empty with the value model's error.
/// </summary>
public class PhpDocumentReuseTests
{
    [Fact]
    public void EveryLoadReadsAsTheValueModelAndGivesItsVerdict()
    {
        var mutator = new ByteMutator(0x5EED, SeedCorpus.All);
        using PhpDocument document = PhpDocument.Create();
        var failures = new List<string>();
        int loaded = 0, rejected = 0;
        for (int i = 0; i < 20_000 && failures.Count < 10; i++)
        {
            byte[] input = i % 3 == 0 ? SeedCorpus.All[i % SeedCorpus.All.Count] : mutator.Next();
            PhpValue? tree = null;
            PhpSerializationException? treeError = null;
            try { tree = PhpSerialization.Unserialize(input); }
            catch (PhpSerializationException e) { treeError = e; }
            try
            {
                document.Load(input);
            }
            catch (PhpSerializationException e)
            {
                rejected++;
                if (treeError is null || e.Offset != treeError.Offset || e.Message != treeError.Message)
                    failures.Add($"load: {e.Message}; tree: {treeError?.Message ?? "accepts"}: {PhpFrames.Show(input)}");
                Assert.Throws<InvalidOperationException>(() => document.RootElement);
                continue;
            }
            loaded++;
            if (tree is null)
            {
                failures.Add($"load accepts, tree rejects: {PhpFrames.Show(input)}");
                continue;
            }
            string? difference = ElementComparer.Difference(document.RootElement, tree, "$");
            if (difference is not null) failures.Add($"{difference}: {PhpFrames.Show(input)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(loaded > 1000 && rejected > 1000, $"loaded {loaded}, rejected {rejected}");
    }

    [Fact]
    public void ElementsOfEarlierContentThrowAfterALoad()
    {
        using PhpDocument document = PhpDocument.Create();
        Assert.Throws<InvalidOperationException>(() => document.RootElement);
        document.Load("a:2:{s:1:\"a\";i:1;s:1:\"b\";a:1:{i:0;s:2:\"xy\";}}"u8);
        PhpElement root = document.RootElement;
        Assert.True(root.TryGetValue("b", out PhpElement b));
        PhpElement.ElementEnumerator items = b.EnumerateArray();
        PhpElement.ElementEnumerator itemsForCurrent = b.EnumerateArray();
        Assert.True(itemsForCurrent.MoveNext());
        PhpElementKey key = itemsForCurrent.Current.Key;

        document.Load("i:5;"u8);
        Assert.Equal(5, document.RootElement.GetInt64());
        Assert.Throws<ObjectDisposedException>(() => root.Kind);
        Assert.Throws<ObjectDisposedException>(() => b.GetCount());
        Assert.Throws<ObjectDisposedException>(() => root.TryGetValue("a", out _));
        Assert.Throws<ObjectDisposedException>(() => items.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => itemsForCurrent.Current);
        Assert.Throws<ObjectDisposedException>(() => key.GetInt64());

        // A value-model document (a reference) is refused the same way once reloaded.
        document.Load("a:2:{i:0;i:1;i:1;R:2;}"u8);
        Assert.False(document.IsIndexed);
        PhpElement tree = document.RootElement;
        Assert.Equal(1, tree[1].GetInt64());
        document.Load("N;"u8);
        Assert.Throws<ObjectDisposedException>(() => tree.GetCount());
        Assert.True(document.RootElement.IsNull);

        document.Dispose();
        Assert.Throws<ObjectDisposedException>(() => document.Load("N;"u8));
    }

    [Fact]
    public void ALargeInputGrowsTheMemoryAndASmallOneReusesIt()
    {
        using PhpDocument document = PhpDocument.Create();
        var array = new PhpArray();
        for (int i = 0; i < 5000; i++) array.Add(i, new string('x', i % 50));
        byte[] large = PhpSerialization.Serialize(array);
        document.Load(large);
        Assert.Equal(5000, document.RootElement.GetCount());
        Assert.Equal(new string('x', 49), document.RootElement[4999].GetString());
        document.Load("s:3:\"abc\";"u8);
        Assert.Equal("abc", document.RootElement.GetString());
    }

    [Fact]
    public void DuplicateKeysInLargeContainersGoToTheValueModel()
    {
        var rng = new Random(17);
        using PhpDocument document = PhpDocument.Create();
        for (int round = 0; round < 2000; round++)
        {
            int count = rng.Next(9, 60);
            var keys = new List<string>();
            for (int i = 0; i < count; i++) keys.Add(rng.Next(3) == 0 ? $"i:{rng.Next(100)};" : $"s:{(i % 7 == 0 ? 2 : 4)}:\"{(i % 7 == 0 ? rng.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture) : "k" + rng.Next(100).ToString("000", System.Globalization.CultureInfo.InvariantCulture))}\";");
            bool duplicate = rng.Next(2) == 0;
            if (duplicate) keys[rng.Next(count)] = keys[rng.Next(count)];
            var text = new System.Text.StringBuilder($"a:{count}:{{");
            for (int i = 0; i < count; i++) text.Append(keys[i]).Append("i:").Append(i).Append(';');
            byte[] input = System.Text.Encoding.ASCII.GetBytes(text.Append('}').ToString());
            PhpValue tree = PhpSerialization.Unserialize(input);
            document.Load(input);
            bool treeHasDuplicates = ((PhpArray)tree).Count < count;
            Assert.Equal(!treeHasDuplicates, document.IsIndexed);
            Assert.Null(ElementComparer.Difference(document.RootElement, tree, "$"));
        }
    }
}
