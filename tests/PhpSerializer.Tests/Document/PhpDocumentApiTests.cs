using System.Text;
using PhpSerializer.Tests.Mapping;

namespace PhpSerializer.Tests.Document;

/// <summary>
/// The contract of each <see cref="PhpDocument"/> and <see cref="PhpElement"/> member on its own:
/// the wrong kind, the wrong key, the two-step load used wrongly, mapping from an element, and
/// reads after the content is gone, on indexed documents and on those the value model holds.
/// </summary>
public class PhpDocumentApiTests
{
    private static readonly byte[] Indexed = Encoding.UTF8.GetBytes(
        "a:4:{s:1:\"n\";i:7;s:1:\"s\";s:2:\"hi\";i:3;d:0.5;s:1:\"o\";O:9:\"Shop\\Item\":2:{s:8:\"sku_code\";s:3:\"abc\";s:8:\"\0*\0Stock\";i:4;}}");

    // The same value with a reference in it, so the value model holds it.
    private static readonly byte[] Tree = Encoding.UTF8.GetBytes(
        "a:5:{s:1:\"n\";i:7;s:1:\"s\";s:2:\"hi\";i:3;d:0.5;s:1:\"o\";O:9:\"Shop\\Item\":2:{s:8:\"sku_code\";s:3:\"abc\";s:8:\"\0*\0Stock\";i:4;}s:1:\"r\";R:2;}");

    public static TheoryData<bool> BothForms => new() { true, false };

    private static PhpDocument Open(bool indexed)
    {
        PhpDocument document = PhpDocument.Parse((indexed ? Indexed : Tree).AsMemory());
        Assert.Equal(indexed, document.IsIndexed);
        return document;
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void EachAccessorOfTheWrongKindThrowsAndSaysWhatTheElementIs(bool indexed)
    {
        using PhpDocument document = Open(indexed);
        PhpElement root = document.RootElement;
        PhpElement n = root["n"];

        Assert.Equal("The element is Int, not string", Assert.Throws<InvalidOperationException>(() => n.GetBytes()).Message);
        Assert.Equal("The element is Int, not float", Assert.Throws<InvalidOperationException>(() => n.GetDouble()).Message);
        Assert.Equal("The element is Int, not bool", Assert.Throws<InvalidOperationException>(() => n.GetBoolean()).Message);
        Assert.Equal("The element is String, not int", Assert.Throws<InvalidOperationException>(() => root["s"].GetInt64()).Message);
        Assert.Equal("The element is Int, not an array or object", Assert.Throws<InvalidOperationException>(() => n.GetCount()).Message);
        Assert.Equal("The element is Int, not an object", Assert.Throws<InvalidOperationException>(() => n.GetClassNameBytes()).Message);
        Assert.Equal("The element is Array, not an object", Assert.Throws<InvalidOperationException>(() => root.EnumerateObject()).Message);
        Assert.Equal("The element is Int, not an array or object", Assert.Throws<InvalidOperationException>(() => n.TryGetValue("x", out _)).Message);
        Assert.Equal("The element is Int, not an array or object", Assert.Throws<InvalidOperationException>(() => n.TryGetValue(0, out _)).Message);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void LookupsFindEveryKeyAndAMissingOneSaysWhichItWas(bool indexed)
    {
        using PhpDocument document = Open(indexed);
        PhpElement root = document.RootElement;

        Assert.Equal(7, root["n"].GetInt64());
        Assert.Equal("hi", root["s"].GetString());
        Assert.Equal(0.5, root[3].GetDouble());
        Assert.Equal(0.5, root["3"].GetDouble()); // "3" is the int key 3, as in PHP
        Assert.Equal("No element 'missing'", Assert.Throws<KeyNotFoundException>(() => root["missing"]).Message);
        Assert.Equal("No element 4", Assert.Throws<KeyNotFoundException>(() => root[4]).Message);
        Assert.False(root.TryGetValue(-3, out PhpElement missed));
        Assert.Equal(default, missed); // as JsonElement.TryGetProperty: a miss leaves the default element
        Assert.False(root.TryGetValue("missing", out missed));
        Assert.Equal(default, missed);
        Assert.Throws<ArgumentNullException>(() => root.TryGetValue((string)null!, out _));

        // A key longer than any on the stack is looked up the same way.
        string longKey = new('k', 300);
        Assert.False(root.TryGetValue(longKey, out _));

        PhpElement item = root["o"];
        Assert.Equal("Shop\\Item", item.GetClassName());
        Assert.Equal(2, item.GetCount());
        Assert.Equal("abc", item["sku_code"].GetString());
        Assert.Equal(4, item["\0*\0Stock"].GetInt64()); // properties are looked up by their mangled name
        Assert.False(item.TryGetValue(0, out _));
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void KeysReadAsIntsOrBytesAndRefuseTheOtherKind(bool indexed)
    {
        using PhpDocument document = Open(indexed);
        var keys = new List<string>();
        foreach (PhpElementEntry entry in document.RootElement.EnumerateArray())
        {
            PhpElementKey key = entry.Key;
            if (key.IsInt)
            {
                Assert.Equal("The key is an int", Assert.Throws<InvalidOperationException>(() => key.GetBytes()).Message);
                Assert.Equal(PhpArrayKey.FromInt(key.GetInt64()), key.ToArrayKey());
                keys.Add("int " + key.GetInt64());
            }
            else
            {
                Assert.Equal("The key is a string", Assert.Throws<InvalidOperationException>(() => key.GetInt64()).Message);
                Assert.Equal(PhpArrayKey.RawString(key.GetBytes()), key.ToArrayKey());
                keys.Add("string " + key);
            }
        }
        Assert.Equal(indexed ? ["string n", "string s", "int 3", "string o"] : ["string n", "string s", "int 3", "string o", "string r"], keys);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void AnElementMapsToATypeAsDeserializeOfItsBytesDoes(bool indexed)
    {
        using PhpDocument document = Open(indexed);
        Item? item = document.RootElement["o"].Deserialize<Item>();
        Assert.NotNull(item);
        Assert.Equal(("abc", 4), (item.Sku, item.Stock));
        Assert.Equal(7, document.RootElement["n"].Deserialize<int>());
        Assert.Equal("hi", document.RootElement["s"].Deserialize<string>());
    }

    [Fact]
    public void CompleteLoadWithoutAMatchingBeginLoadThrowsAndLeavesTheDocumentEmpty()
    {
        using PhpDocument document = PhpDocument.Create();
        Assert.Equal("The document holds no value: Load has not succeeded since it was created.",
            Assert.Throws<InvalidOperationException>(() => document.RootElement).Message);
        Assert.Equal("CompleteLoad of 4 bytes without a BeginLoad of at least that many (pending: -1).",
            Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(4)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => document.BeginLoad(-1));

        "i:5;"u8.CopyTo(document.BeginLoad(4));
        Assert.Equal("CompleteLoad of 5 bytes without a BeginLoad of at least that many (pending: 4).",
            Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(5)).Message);
        Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(-1));
        Assert.Throws<InvalidOperationException>(() => document.RootElement);

        "i:5;"u8.CopyTo(document.BeginLoad(4));
        document.CompleteLoad(4);
        Assert.Equal(5, document.RootElement.GetInt64());
        Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(4)); // the load is no longer pending
        Assert.Equal(5, document.RootElement.GetInt64());

        "i:6;"u8.CopyTo(document.BeginLoad(8));
        document.CompleteLoad(4, new PhpSerializerOptions { MaxDepth = 1 }); // fewer bytes than begun is fine
        Assert.Equal(6, document.RootElement.GetInt64());
    }

    [Fact]
    public void AFailedParseGivesUnserializesErrorAndAFailedLoadLeavesNothingToRead()
    {
        byte[] bad = "a:1:{i:0;i:1;"u8.ToArray();
        var expected = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(bad));
        Assert.Equal(expected.Message, Assert.Throws<PhpSerializationException>(() => PhpDocument.Parse(bad.AsMemory())).Message);
        Assert.Equal(expected.Message, Assert.Throws<PhpSerializationException>(() => PhpDocument.Parse(bad.AsSpan())).Message);

        using PhpDocument document = PhpDocument.Parse("i:1;"u8);
        PhpElement before = document.RootElement;
        Assert.Throws<PhpSerializationException>(() => document.Load(bad.AsSpan()));
        Assert.Throws<InvalidOperationException>(() => document.RootElement);
        Assert.False(document.IsIndexed);
        Assert.Equal("The document was loaded with other content since this element was read.",
            Assert.Throws<ObjectDisposedException>(() => before.GetInt64()).Message.Split(Environment.NewLine)[0]);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void EveryReadOfADisposedDocumentThrows(bool indexed)
    {
        PhpDocument document = Open(indexed);
        PhpElement root = document.RootElement;
        PhpElement item = root["o"];
        PhpElementKey key = default;
        foreach (PhpElementEntry entry in root.EnumerateArray())
        {
            key = entry.Key;
            break;
        }
        document.Dispose();
        document.Dispose(); // a second Dispose does nothing

        string disposed = "The document was disposed.";
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => root.Kind).Message);
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => item.GetClassNameBytes()).Message);
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => root.GetCount()).Message);
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => root.ToValue()).Message);
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => root.TryGetValue("n", out _)).Message);
        Assert.StartsWith(disposed, Assert.Throws<ObjectDisposedException>(() => key.GetBytes()).Message);
        Assert.Throws<ObjectDisposedException>(() => document.RootElement);
        Assert.Throws<ObjectDisposedException>(() => document.Load("i:1;"u8));
        Assert.Throws<ObjectDisposedException>(() => document.BeginLoad(4));
        Assert.Throws<ObjectDisposedException>(() => document.CompleteLoad(0));
    }

    [Fact]
    public void ALoadWithoutACopyChecksTheDocumentAndUsesItsOptions()
    {
        var document = PhpDocument.Create();
        byte[] nested = "a:1:{i:0;a:1:{i:0;N;}}"u8.ToArray();
        Assert.Throws<PhpSerializationException>(() => document.Load(nested.AsMemory(), new PhpSerializerOptions { MaxDepth = 1 }));
        document.Load(nested.AsMemory());
        Assert.Equal(1, document.RootElement.GetCount());
        document.Dispose();
        Assert.Throws<ObjectDisposedException>(() => document.Load(nested.AsMemory()));
    }

    [Fact]
    public void AnyLoadEndsAPendingBeginLoadAndABeginLoadEndsTheContent()
    {
        using PhpDocument document = PhpDocument.Parse("a:1:{i:0;i:5;}"u8);
        PhpElement element = document.RootElement[0];
        Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(1)); // nothing was begun

        Span<byte> target = document.BeginLoad(4);
        Assert.Throws<ObjectDisposedException>(() => element.GetInt64());
        Assert.Throws<InvalidOperationException>(() => document.RootElement);
        "i:6;"u8.CopyTo(target);
        // Zero bytes of a pending load: the empty input, refused as Unserialize refuses it.
        var empty = Assert.Throws<PhpSerializationException>(() => document.CompleteLoad(0));
        Assert.Equal(Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(ReadOnlySpan<byte>.Empty)).Message, empty.Message);
        Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(4)); // the failed load ended it

        document.Load("i:7;"u8);
        Assert.Throws<InvalidOperationException>(() => document.CompleteLoad(1));
        Assert.Equal(7, document.RootElement.GetInt64());
    }

    // Parse(ReadOnlyMemory) does not copy: a float whose text the caller changes afterwards is
    // reported when it is read, not converted from bytes the document never checked.
    [Fact]
    public void AFloatWhoseMemoryChangedAfterTheParseIsReportedWhenRead()
    {
        byte[] data = "d:0.5;"u8.ToArray();
        using PhpDocument document = PhpDocument.Parse(data.AsMemory());
        Assert.Equal(0.5, document.RootElement.GetDouble());
        data[2] = (byte)'x';
        Assert.Equal("The float at offset 2 no longer parses: the document's memory was changed after it was parsed.",
            Assert.Throws<InvalidOperationException>(() => document.RootElement.GetDouble()).Message);
    }

    // No depth limit (0) indexes as deep as the fast parsers recurse; at 1 the limit holds.
    [Fact]
    public void ADepthLimitOfZeroMeansNoLimit()
    {
        using PhpDocument none = PhpDocument.Parse("a:1:{i:0;a:1:{i:0;a:1:{i:0;N;}}}"u8, new PhpSerializerOptions { MaxDepth = 0 });
        Assert.True(none.IsIndexed);
        Assert.Throws<PhpSerializationException>(() => PhpDocument.Parse("a:1:{i:0;a:1:{i:0;N;}}"u8, new PhpSerializerOptions { MaxDepth = 1 }));
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void AnIntLookupFindsAPropertyNamedByTheDigits(bool indexed)
    {
        string text = "O:8:\"stdClass\":2:{s:1:\"5\";i:9;s:1:\"a\";" + (indexed ? "i:1;" : "R:2;") + "}";
        using PhpDocument document = PhpDocument.Parse(Encoding.UTF8.GetBytes(text).AsMemory());
        Assert.Equal(indexed, document.IsIndexed);
        Assert.True(document.RootElement.TryGetValue(5, out PhpElement five));
        Assert.Equal(9, five.GetInt64());
        Assert.False(document.RootElement.TryGetValue(6, out _));
    }

    // A lookup walks its own container's keys only, not on into the keys that follow it.
    [Theory]
    [InlineData("a:2:{s:1:\"x\";a:1:{s:1:\"a\";i:1;}s:1:\"y\";i:2;}")]
    [InlineData("a:2:{s:1:\"x\";O:8:\"stdClass\":1:{s:1:\"a\";i:1;}s:1:\"y\";i:2;}")]
    public void ALookupStaysInsideItsContainer(string text)
    {
        using PhpDocument document = PhpDocument.Parse(Encoding.UTF8.GetBytes(text).AsMemory());
        Assert.True(document.IsIndexed);
        PhpElement inner = document.RootElement["x"];
        Assert.False(inner.TryGetValue("y", out _));
        Assert.True(inner.TryGetValue("a", out _));
        Assert.Equal(2, document.RootElement["y"].GetInt64());
    }

    [Fact]
    public void TheKeysOfAValueModelDocumentReadBackInOrder()
    {
        using PhpDocument document = PhpDocument.Parse("a:3:{i:7;i:1;i:9;R:2;s:1:\"k\";N;}"u8.ToArray().AsMemory());
        Assert.False(document.IsIndexed);
        var keys = new List<string>();
        foreach (PhpElementEntry entry in document.RootElement.EnumerateArray()) keys.Add(entry.Key.ToString());
        Assert.Equal(["7", "9", "k"], keys);
    }

    [Theory]
    [MemberData(nameof(BothForms))]
    public void AnElementOfReplacedContentDoesNotMapEither(bool indexed)
    {
        using PhpDocument document = Open(indexed);
        PhpElement n = document.RootElement["n"];
        Assert.Equal(7, n.Deserialize<int>());
        document.Load("i:1;"u8);
        Assert.Throws<ObjectDisposedException>(() => n.Deserialize<int>());
    }
}
