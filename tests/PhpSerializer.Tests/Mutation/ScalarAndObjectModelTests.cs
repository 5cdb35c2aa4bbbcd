using System.Text;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The small value types: shared int and bool instances, strings as byte views, enum cases split
/// at the first colon, reference cells, C: objects, object property lookup and conversions.
/// </summary>
public class ScalarAndObjectModelTests
{
    [Theory]
    [InlineData(-128)]
    [InlineData(0)]
    [InlineData(1023)]
    public void SmallIntsAreSharedInstances(long value)
    {
        Assert.Same(PhpInt.From(value), PhpInt.From(value));
        Assert.Equal(value, PhpInt.From(value).Value);
    }

    [Theory]
    [InlineData(-129)]
    [InlineData(1024)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void IntsOutsideTheCacheAreNewInstances(long value)
    {
        Assert.NotSame(PhpInt.From(value), PhpInt.From(value));
        Assert.Equal(value, PhpInt.From(value).Value);
    }

    [Fact]
    public void ImplicitConversionsMakeTheMatchingKind()
    {
        PhpValue t = true, f = false, i = 5L, d = 0.5, s = "é", n = (string?)null, nb = (byte[]?)null;
        Assert.Same(PhpBool.True, t);
        Assert.Same(PhpBool.False, f);
        Assert.Same(PhpBool.False, PhpBool.From(false));
        Assert.Equal(5L, ((PhpInt)i).Value);
        Assert.Equal(0.5, ((PhpFloat)d).Value);
        Assert.Equal(new byte[] { 0xC3, 0xA9 }, ((PhpString)s).ToArray());
        Assert.Same(PhpNull.Instance, n);
        Assert.Same(PhpNull.Instance, nb);
        byte[] raw = { 1, 2 };
        PhpValue fromBytes = raw;
        raw[0] = 9; // the string holds a copy
        Assert.Equal(new byte[] { 1, 2 }, ((PhpString)fromBytes).ToArray());
    }

    [Fact]
    public void DereferenceReturnsTheCellsValueOrTheValueItself()
    {
        var inner = new PhpInt(3);
        Assert.Same(inner, new PhpReference(inner).Dereference());
        Assert.Same(inner, inner.Dereference());
    }

    [Fact]
    public void AReferenceCellHoldsNeitherNullNorAnotherReference()
    {
        var cell = new PhpReference(1L);
        var e = Assert.Throws<ArgumentException>(() => new PhpReference(cell));
        Assert.Equal("value", e.ParamName);
        Assert.StartsWith("A PHP reference cannot hold another reference.", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => cell.Value = new PhpReference(2L));
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new PhpReference(null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => cell.Value = null!);
        cell.Value = "x";
        Assert.Equal("x", ((PhpString)cell.Value).ToUtf8String());
        Assert.Equal(PhpValueKind.Reference, cell.Kind);
    }

    [Fact]
    public void StringsCopyTheirInputAndSlicesSeeOnlyTheirBytes()
    {
        byte[] source = B("xxhello!");
        var copy = new PhpString(source.AsSpan(2, 5));
        source[2] = (byte)'J';
        Assert.Equal("hello", copy.ToUtf8String());
        var slice = PhpString.FromSlice(source, 2, 5);
        Assert.Equal(5, slice.Length);
        Assert.Equal("Jello", slice.ToUtf8String());
        Assert.Equal(B("Jello"), slice.ToArray());
        Assert.Equal(B("Jello"), slice.Memory.ToArray());
        Assert.Equal(B("Jello"), slice.Span.ToArray());
        Assert.True(slice.TryGetUtf8String(out string text));
        Assert.Equal("Jello", text);
        byte[] owned = B("ab");
        var wrapped = PhpString.FromOwnedBytes(owned);
        owned[0] = (byte)'z'; // no copy
        Assert.Equal("zb", wrapped.ToUtf8String());
        Assert.Equal(0, PhpString.Empty.Length);
        Assert.Throws<ArgumentNullException>(() => PhpString.FromOwnedBytes(null!));
        Assert.Throws<ArgumentNullException>(() => new PhpString((string)null!));
    }

    [Fact]
    public void InvalidUtf8IsRefusedByTheStrictDecoderAndReplacedByTheLenientOne()
    {
        var s = new PhpString(B("a\u00ffb"));
        Assert.False(s.TryGetUtf8String(out string text));
        Assert.Equal("", text);
        Assert.Equal("a\uFFFDb", s.ToUtf8String());
        Assert.Equal(PhpValueKind.String, s.Kind);
    }

    [Fact]
    public void AnEnumCaseSplitsAtTheFirstColonByBytes()
    {
        var fromText = new PhpEnumCase("Été", "Ok");
        Assert.Equal("Été", fromText.ClassName);
        Assert.Equal("Ok", fromText.CaseName);
        Assert.Equal(Encoding.UTF8.GetBytes("Été:Ok"), fromText.SerializedName.ToArray());
        var fromBytes = new PhpEnumCase("A:B:C"u8);
        Assert.Equal("A", fromBytes.ClassName);
        Assert.Equal("B:C", fromBytes.CaseName);
        var emptyCase = new PhpEnumCase("E:"u8);
        Assert.Equal("E", emptyCase.ClassName);
        Assert.Equal("", emptyCase.CaseName);
        var leading = new PhpEnumCase(":x"u8);
        Assert.Equal("", leading.ClassName);
        Assert.Equal("x", leading.CaseName);
        Assert.Equal(PhpValueKind.EnumCase, leading.Kind);
    }

    [Fact]
    public void AnEnumCaseNeedsAColonInItsTextAndNoneInItsClass()
    {
        var e = Assert.Throws<ArgumentException>(() => new PhpEnumCase("A:B", "C"));
        Assert.Equal("className", e.ParamName);
        Assert.StartsWith("An enum class name cannot contain ':'.", e.Message, StringComparison.Ordinal);
        var noColon = Assert.Throws<ArgumentException>(() => new PhpEnumCase("AB"u8));
        Assert.Equal("classColonCase", noColon.ParamName);
        Assert.StartsWith("Enum case text must be 'Class:Case'.", noColon.Message, StringComparison.Ordinal);
        Assert.Equal("className", Assert.Throws<ArgumentNullException>(() => new PhpEnumCase(null!, "C")).ParamName);
        Assert.Equal("caseName", Assert.Throws<ArgumentNullException>(() => new PhpEnumCase("A", null!)).ParamName);
    }

    [Fact]
    public void ASerializableObjectKeepsClassAndPayloadBytes()
    {
        byte[] payload = B("a:0:{}");
        var c = new PhpSerializableObject("Ç", payload);
        payload[0] = (byte)'x';
        Assert.Equal("Ç", c.ClassName);
        Assert.Equal(Encoding.UTF8.GetBytes("Ç"), c.ClassNameBytes.ToArray());
        Assert.Equal(B("a:0:{}"), c.Payload.ToArray());
        Assert.Equal(PhpValueKind.Serializable, c.Kind);
        Assert.Throws<ArgumentNullException>(() => new PhpSerializableObject((string)null!, "x"u8));
    }

    [Fact]
    public void ThePayloadSlotCountIsComputedOnceAndKept()
    {
        var options = new PhpSerializerOptions();
        Assert.Equal(3, new PhpSerializableObject("C", "a:2:{i:0;i:1;i:1;i:2;}"u8).GetPayloadSlotCount(options));
        Assert.Equal(0, new PhpSerializableObject("C", "not serialized"u8).GetPayloadSlotCount(options));
        var c = new PhpSerializableObject("C", "i:5;"u8);
        Assert.Equal(1, c.GetPayloadSlotCount(options));
        Assert.Equal(1, c.GetPayloadSlotCount(options));
    }

    [Fact]
    public void ObjectsFindPropertiesByNameAndVisibilityAndByExactKey()
    {
        var o = new PhpObject("O")
        {
            new PhpProperty("p", 1L, PhpVisibility.Private, "O"),
            new PhpProperty("p", 2L, PhpVisibility.Protected),
            new PhpProperty("p", 3L),
        };
        Assert.Equal(1L, ((PhpInt)o.Find("p")!.Value).Value);
        Assert.Equal(2L, ((PhpInt)o.Find("p", PhpVisibility.Protected)!.Value).Value);
        Assert.Equal(3L, ((PhpInt)o.Find("p", PhpVisibility.Public)!.Value).Value);
        Assert.Null(o.Find("q"));
        Assert.Null(o.Find("p\0"));
        string longName = new('n', 300); // past the stack buffer for the name
        o.Set(longName, 4L);
        Assert.Equal(4L, ((PhpInt)o.Find(longName)!.Value).Value);
        Assert.Null(o.Find(longName + "x"));
        Assert.True(o.TryGetByKey(PhpArrayKey.RawString("\0O\0p"u8), out var first)); // position 0
        Assert.Equal(1L, ((PhpInt)first.Value).Value);
        Assert.Equal(PhpVisibility.Private, first.Visibility);
        Assert.True(o.TryGetByKey(PhpArrayKey.RawString("\0*\0p"u8), out var prot));
        Assert.Equal(2L, ((PhpInt)prot.Value).Value);
        Assert.False(o.TryGetByKey(PhpArrayKey.RawString("\0*\0q"u8), out var none));
        Assert.Null(none);
        Assert.Equal(1, o.IndexOfKey(PhpArrayKey.RawString("\0*\0p"u8)));
        o.RemoveAt(0);
        Assert.Equal(3, o.Count);
        Assert.Equal(2L, ((PhpInt)o.Find("p")!.Value).Value);
        Assert.True(o.Remove(PhpArrayKey.RawString("p")));
        Assert.False(o.Remove(PhpArrayKey.RawString("p")));
        Assert.Equal(new[] { "p", longName }, o.Properties.Select(p => p.Name));
        Assert.Equal(new[] { "p", longName }, ((System.Collections.IEnumerable)o).Cast<PhpProperty>().Select(p => p.Name));
    }

    [Fact]
    public void SettingAnExistingPropertyReplacesItInPlace()
    {
        var o = new PhpObject("O") { { "a", 1L }, { "b", 2L } };
        o.Set("a", 5L);
        o.SetValueAt(1, 6L);
        Assert.Equal(new long[] { 5, 6 }, o.Properties.Select(p => ((PhpInt)p.Value).Value));
        Assert.Equal(0, o.Put(PhpArrayKey.RawString("a"), 7L));
        Assert.Equal(2, o.Put(PhpArrayKey.RawString("c"), 8L));
        o.AppendNew(PhpArrayKey.RawString("d"), 9L);
        Assert.Equal(new[] { "a", "b", "c", "d" }, o.Properties.Select(p => p.Name));
        o.SetClassName(B("Renamed"));
        Assert.Equal("Renamed", o.ClassName);
        Assert.Equal(B("Renamed"), o.ClassNameBytes.ToArray());
        Assert.Equal(PhpValueKind.Object, o.Kind);
        Assert.Equal(B("\xff"), new PhpObject(B("\xff")).ClassNameBytes.ToArray());
    }
}
