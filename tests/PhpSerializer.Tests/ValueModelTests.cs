using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests;

/// <summary>Value model behaviour: equality, var_dump-like text, arrays, properties, strings.</summary>
public class ValueModelTests
{
    [Fact]
    public void EqualityIsStructuralAndOrderSensitive()
    {
        Assert.Equal(new PhpArray { { "a", 1L }, { 5, "x" } }, new PhpArray { { "a", 1L }, { 5, "x" } });
        Assert.NotEqual(new PhpArray { { "a", 1L }, { 5, "x" } }, new PhpArray { { 5, "x" }, { "a", 1L } });
        Assert.NotEqual<PhpValue>(0.0, -0.0);
        Assert.Equal<PhpValue>(double.NaN, double.NaN);
        Assert.NotEqual<PhpValue>(1L, 1.0);
        Assert.NotEqual<PhpValue>(new PhpObject("A"), new PhpObject("B"));
        Assert.Equal(new PhpObject("A") { { "p", 1L } }.GetHashCode(), new PhpObject("A") { { "p", 1L } }.GetHashCode());
    }

    [Fact]
    public void EqualityOfDeeplyNestedContainersDoesNotRecurseThroughThePairSet()
    {
        // Regression: the in-progress set hashed (a, b) pairs with the default tuple comparer,
        // which called PhpValue.Equals again for every pair and exhausted the stack on nesting.
        PhpValue Nested(int depth, bool differAtBottom)
        {
            PhpValue v = differAtBottom ? 2L : 1L;
            for (int i = 0; i < depth; i++) v = new PhpArray { { "k", v }, { i, new PhpObject("O") { { "p", (long)i } } } };
            return v;
        }
        Assert.True(Nested(2000, false).Equals(Nested(2000, false)));
        Assert.False(Nested(2000, false).Equals(Nested(2000, true)));
    }

    [Fact]
    public void EqualitySurvivesCycles()
    {
        PhpObject Cyclic()
        {
            var o = new PhpObject("Node");
            o.Set("self", o);
            return o;
        }
        Assert.Equal<PhpValue>(Cyclic(), Cyclic());
        var parsed = PhpSerialization.Unserialize(B("a:1:{i:0;a:1:{i:0;R:2;}}"));
        Assert.Equal(parsed, PhpSerialization.Unserialize(B("a:1:{i:0;a:1:{i:0;R:2;}}")));
        Assert.Contains("*RECURSION*", parsed.ToString());
    }

    [Fact]
    public void ToStringPrintsAContainerAlreadyOpenAsRecursion()
    {
        var o = new PhpObject("Node");
        o.Set("self", o);
        var cell = new PhpReference(PhpNull.Instance);
        var a = new PhpArray { { 0, o }, { 1, cell } };
        cell.Value = a;
        Assert.Equal(
            "array(2) {\n" +
            "  [0]=>\n  object(Node)#1 (1) {\n" +
            "    [\"self\"]=>\n    *RECURSION*\n" +
            "  }\n" +
            "  [1]=>\n  &*RECURSION*\n" +
            "}\n", a.ToString());
    }

    [Fact]
    public void ToStringLooksLikeVarDump()
    {
        var o = new PhpObject("Foo")
        {
            new PhpProperty("pub", 1L),
            new PhpProperty("prot", 0.1, PhpVisibility.Protected),
            new PhpProperty("priv", B("a\0\xff"), PhpVisibility.Private, "Foo"),
        };
        var value = new PhpArray { { 0, o }, { "k", PhpNull.Instance }, { 1, true }, { 2, new PhpEnumCase("Suit", "Hearts") }, { 3, o } };
        Assert.Equal(
            "array(5) {\n" +
            "  [0]=>\n  object(Foo)#1 (3) {\n" +
            "    [\"pub\"]=>\n    int(1)\n" +
            "    [\"prot\":protected]=>\n    float(0.1)\n" +
            "    [\"priv\":\"Foo\":private]=>\n    string(3) \"a\\x00\\xff\"\n" +
            "  }\n" +
            "  [\"k\"]=>\n  NULL\n" +
            "  [1]=>\n  bool(true)\n" +
            "  [2]=>\n  enum(Suit::Hearts)\n" +
            "  [3]=>\n  object(Foo)#1 (3) {\n" +
            "    [\"pub\"]=>\n    int(1)\n" +
            "    [\"prot\":protected]=>\n    float(0.1)\n" +
            "    [\"priv\":\"Foo\":private]=>\n    string(3) \"a\\x00\\xff\"\n" +
            "  }\n" +
            "}\n", value.ToString());
    }

    [Fact]
    public void PropertiesExposeNameVisibilityAndDeclaringClass()
    {
        var o = (PhpObject)PhpSerialization.Unserialize(B("O:1:\"Q\":4:{s:4:\"\0P\0c\";i:1;s:4:\"\0*\0p\";i:2;s:1:\"q\";i:3;i:7;i:4;}"));
        var props = o.Properties.ToList();
        Assert.Equal(new[] { "c", "p", "q", "7" }, props.Select(p => p.Name));
        Assert.Equal(new[] { PhpVisibility.Private, PhpVisibility.Protected, PhpVisibility.Public, PhpVisibility.Public }, props.Select(p => p.Visibility));
        Assert.Equal(new[] { "P", null, null, null }, props.Select(p => p.DeclaringClass));
        Assert.True(props[3].Key.IsString); // PHP names properties with strings: i:7 is the property "7"
        Assert.Equal("7", props[3].Name);
        Assert.Equal(2L, ((PhpInt)o.Find("p")!.Value).Value);
        Assert.Null(o.Find("p", PhpVisibility.Public));
    }

    [Fact]
    public void ArraysAppendLikePhp()
    {
        var a = new PhpArray { { -5, 1L } };
        a.Add(2L); // PHP 8.2: after key -5 comes -4
        a.Set("10", 3L);
        a.Add(4L);
        Assert.Equal("a:4:{i:-5;i:1;i:-4;i:2;i:10;i:3;i:11;i:4;}", S(PhpSerialization.Serialize(a)));
        a.Set(-4, "replaced");
        Assert.Equal(4, a.Count);
        Assert.Equal("replaced", ((PhpString)a[-4]).ToUtf8String());
        Assert.False(a.IsList);
        Assert.True(PhpArray.List(1L, 2L).IsList);
        var full = new PhpArray { { long.MaxValue, 1L } };
        Assert.Throws<InvalidOperationException>(() => full.Add(2L));
    }

    [Fact]
    public void StringsAreBytesWithUtf8Helpers()
    {
        var s = new PhpString(B("\xff\xfe"));
        Assert.False(s.TryGetUtf8String(out _));
        Assert.Equal(2, s.Length);
        Assert.True(new PhpString("é").TryGetUtf8String(out string text));
        Assert.Equal("é", text);
        Assert.Equal(2, new PhpString("é").Length);
    }

    [Fact]
    public void AReferenceIntoAnOpaqueSerializablePayloadIsAClearError()
    {
        // slots: 1 = array, 2 = the C: object, 3..4 = the payload's a:1 and i:1
        var ok = PhpSerialization.Unserialize(B("a:2:{i:0;C:8:\"OldStyle\":14:{a:1:{i:0;i:1;}}i:1;r:2;}"));
        Assert.Same(((PhpArray)ok)[0], ((PhpArray)ok)[1]);
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B("a:2:{i:0;C:8:\"OldStyle\":14:{a:1:{i:0;i:1;}}i:1;R:4;}")));
        Assert.Contains("Serializable", e.Message);
        Assert.Equal(51, e.Offset); // just after the R:4; token, where PHP reports bad references
    }

    [Fact]
    public void PropertiesCompareByKeyAndValue()
    {
        Assert.Equal(new PhpProperty("a", 1L, PhpVisibility.Protected), new PhpProperty("a", 1L, PhpVisibility.Protected));
        Assert.NotEqual(new PhpProperty("a", 1L, PhpVisibility.Protected), new PhpProperty("a", 1L));
        Assert.Equal(PhpProperty.FromKey(PhpArrayKey.RawString("\0*\0a"u8), 1L), new PhpProperty("a", 1L, PhpVisibility.Protected));
    }

    [Theory]
    [InlineData(1e25, "1.0E+25")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e-5, "1.0E-5")]
    [InlineData(0.00012, "0.00012")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(1e100, "1.0E+100")]
    [InlineData(-2.5e-300, "-2.5E-300")]
    [InlineData(99999999999999990.0, "99999999999999980")] // 17 significant places, shortest digits padded with 0 (as PHP)
    public void FloatFormattingMatchesPhpLayout(double value, string expected) => Assert.Equal(expected, PhpFloatFormatter.ToPhpString(value));
}
