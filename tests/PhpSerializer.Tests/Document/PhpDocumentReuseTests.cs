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

    [Fact]
    public void DuplicateKeysAtAnyDepthGoToTheValueModelAndOnlyThen()
    {
        // Keys that are the same to PHP (i:3 and "3"), keys that only look alike (same length and
        // same first and last eight bytes), keys an inner container repeats from its outer one
        // (not duplicates), lists that stop being lists, and containers with more keys than the
        // builder keeps on the stack.
        string[] pool =
        [
            "i:0;", "i:1;", "i:2;", "i:3;", "i:-1;", "s:1:\"3\";", "s:2:\"05\";", "s:2:\"-0\";", "s:0:\"\";",
            "s:3:\"key\";", "s:19:\"prefix__X__suffixxx\";", "s:19:\"prefix__Y__suffixxx\";", "s:8:\"eightbyt\";",
        ];
        var rng = new Random(29);
        using PhpDocument document = PhpDocument.Create();
        int indexed = 0, notIndexed = 0;
        for (int round = 0; round < 3000; round++)
        {
            var text = new System.Text.StringBuilder();
            bool duplicate = false;
            Write(text, rng, pool, 0, ref duplicate);
            byte[] input = System.Text.Encoding.ASCII.GetBytes(text.ToString());
            PhpValue tree = PhpSerialization.Unserialize(input);
            document.Load(input);
            Assert.True(duplicate != document.IsIndexed, text.ToString());
            Assert.Null(ElementComparer.Difference(document.RootElement, tree, "$"));
            if (document.IsIndexed) indexed++;
            else notIndexed++;
        }
        Assert.True(indexed > 300 && notIndexed > 300, $"{indexed} indexed, {notIndexed} not");

        static void Write(System.Text.StringBuilder text, Random rng, string[] pool, int depth, ref bool duplicate)
        {
            if (depth >= 3 || rng.Next(3) == 0)
            {
                text.Append("i:").Append(rng.Next(100)).Append(';');
                return;
            }
            bool isObject = rng.Next(4) == 0;
            bool list = !isObject && rng.Next(3) == 0;
            int count = rng.Next(10) == 0 ? rng.Next(60, 90) : rng.Next(0, 10);
            var seen = new HashSet<string>();
            var body = new System.Text.StringBuilder();
            for (int n = 0; n < count; n++)
            {
                string key;
                if (list && rng.Next(12) != 0) key = "i:" + n + ";";
                else if (count > 12) key = rng.Next(4) == 0 ? pool[rng.Next(pool.Length)] : "s:5:\"k" + rng.Next(10_000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture) + "\";";
                else key = pool[rng.Next(pool.Length)];
                if (isObject && key.StartsWith('i')) key = "s:3:\"key\";";
                if (!seen.Add(PhpKeyOf(key, isObject))) duplicate = true;
                body.Append(key);
                Write(body, rng, pool, depth + 1, ref duplicate);
            }
            text.Append(isObject ? "O:8:\"stdClass\":" : "a:").Append(count).Append(":{").Append(body).Append('}');
        }

        // The key as PHP's array sees it: "3" is the int 3; property names are kept as written.
        static string PhpKeyOf(string token, bool isObject)
        {
            if (token[0] == 'i') return "int " + token[2..^1];
            string body = token[(token.IndexOf('"') + 1)..^2];
            if (!isObject && PhpArrayKey.TryParseCanonicalInt(System.Text.Encoding.ASCII.GetBytes(body), out long value)) return "int " + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return "string " + body;
        }
    }
}
