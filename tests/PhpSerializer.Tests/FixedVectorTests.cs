using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests;

/// <summary>Fixed vectors of the format, both directions.</summary>
public class FixedVectorTests
{
    public static TheoryData<string, PhpValue> Vectors()
    {
        var std = new PhpObject("stdClass") { { "x", 1L } };
        var q = new PhpObject("Q")
        {
            new PhpProperty("c", 1L, PhpVisibility.Private, "P"),
            new PhpProperty("p", 2L, PhpVisibility.Protected),
            new PhpProperty("q", 3L),
            new PhpProperty("c", 4L, PhpVisibility.Private, "Q"),
        };
        return new TheoryData<string, PhpValue>
        {
            { "N;", PhpNull.Instance },
            { "b:0;", false },
            { "b:1;", true },
            { "i:-42;", -42L },
            { "i:9223372036854775807;", long.MaxValue },
            { "i:-9223372036854775808;", long.MinValue },
            { "s:5:\"bytes\";", "bytes" },
            { "s:0:\"\";", "" },
            { "s:4:\"\0\xff\"\n\";", B("\0\xff\"\n") },
            { "s:2:\"é\";".Replace("é", "\xc3\xa9"), "é" },
            { "a:2:{i:0;s:1:\"a\";i:1;b:1;}", PhpArray.List("a", true) },
            { "a:0:{}", new PhpArray() },
            { "O:8:\"stdClass\":1:{s:1:\"x\";i:1;}", std },
            { "O:1:\"Q\":4:{s:4:\"\0P\0c\";i:1;s:4:\"\0*\0p\";i:2;s:1:\"q\";i:3;s:4:\"\0Q\0c\";i:4;}", q },
            { "C:3:\"Foo\":5:{hello}", new PhpSerializableObject("Foo", "hello"u8) },
            { "E:11:\"Suit:Hearts\";", new PhpEnumCase("Suit", "Hearts") },
            // floats, serialize_precision = -1
            { "d:1.0E+25;", 1e25 },
            { "d:-0;", -0.0 },
            { "d:0;", 0.0 },
            { "d:0.1;", 0.1 },
            { "d:1.0E-5;", 1e-5 },
            { "d:INF;", double.PositiveInfinity },
            { "d:-INF;", double.NegativeInfinity },
            { "d:NAN;", double.NaN },
            { "d:1.2345678901234568E+17;", 1.2345678901234568E+17 },
            { "d:5.0E-324;", 5e-324 },
            { "d:1;", 1.0 },
            { "d:100;", 100.0 },
            { "d:0.0001;", 0.0001 },
            { "d:1.0E+17;", 1e17 },
            { "d:10000000000000000;", 1e16 },
            { "d:-1.5;", -1.5 },
            { "d:1.7976931348623157E+308;", double.MaxValue },
            { "d:0.30000000000000004;", 0.1 + 0.2 },
            { "d:-1.0E-10;", -1e-10 },
            { "d:1.5E+300;", 1.5e300 },
        };
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ModelSerializesToTheVectorAndParsesBackEqual(string expected, PhpValue value)
    {
        Assert.Equal(expected, S(PhpSerialization.Serialize(value)));
        var parsed = PhpSerialization.Unserialize(B(expected));
        Assert.Equal(value, parsed);
        Assert.Equal(expected, S(PhpSerialization.Serialize(parsed)));
    }

    [Theory]
    [InlineData("5", true, 5L)]
    [InlineData("-3", true, -3L)]
    [InlineData("0", true, 0L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("05", false, 0L)]
    [InlineData("-0", false, 0L)]
    [InlineData("+1", false, 0L)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-9223372036854775809", false, 0L)]
    [InlineData("1e3", false, 0L)]
    [InlineData(" 1", false, 0L)]
    [InlineData("", false, 0L)]
    [InlineData("-", false, 0L)]
    public void ArrayKeysAreNormalisedLikePhp(string key, bool isInt, long intValue)
    {
        var k = PhpArrayKey.FromString(key);
        Assert.Equal(isInt, k.IsInt);
        if (isInt) Assert.Equal(intValue, k.IntValue);
        var a = new PhpArray { { key, 1L } };
        string expectedKey = isInt ? $"i:{intValue};" : $"s:{B(key).Length}:\"{key}\";";
        Assert.Equal($"a:1:{{{expectedKey}i:1;}}", S(PhpSerialization.Serialize(a)));
        // unserialize normalises string keys too: s:1:"5" becomes int 5
        Assert.Equal($"a:1:{{{expectedKey}i:1;}}", RoundTrip($"a:1:{{s:{B(key).Length}:\"{key}\";i:1;}}"));
    }

    [Fact]
    public void RepeatedObjectIsRAndTakesANumber()
    {
        var o = new PhpObject("stdClass");
        Assert.Equal("a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}", S(PhpSerialization.Serialize(PhpArray.List(o, o))));
        var back = (PhpArray)PhpSerialization.Unserialize(B("a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}"));
        Assert.Same(back[0], back[1]);
    }

    [Fact]
    public void RepeatedReferenceIsRAndTakesNoNumber()
    {
        var x = new PhpReference(1L);
        Assert.Equal("a:3:{i:0;i:1;i:1;R:2;i:2;i:5;}", S(PhpSerialization.Serialize(PhpArray.List(x, x, 5L))));
        var back = (PhpArray)PhpSerialization.Unserialize(B("a:3:{i:0;i:1;i:1;R:2;i:2;i:5;}"));
        var cell = Assert.IsType<PhpReference>(back[0]);
        Assert.Same(cell, back[1]);
        cell.Value = 7L; // shared cell: both places see the change
        Assert.Equal("a:3:{i:0;i:7;i:1;R:2;i:2;i:5;}", S(PhpSerialization.Serialize(back)));
    }

    [Fact]
    public void AReferenceUsedOnceIsAPlainValue()
        => Assert.Equal("a:1:{i:0;i:2;}", S(PhpSerialization.Serialize(PhpArray.List(new PhpReference(2L)))));

    [Fact]
    public void SerializablePayloadValuesShareTheCounter()
    {
        const string expected = "a:3:{i:0;C:8:\"OldStyle\":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:\"stdClass\":0:{}i:2;r:6;}";
        var o = new PhpObject("stdClass");
        var value = PhpArray.List(new PhpSerializableObject("OldStyle", B("a:2:{i:0;i:1;i:1;i:2;}")), o, o);
        Assert.Equal(expected, S(PhpSerialization.Serialize(value)));
        var back = (PhpArray)PhpSerialization.Unserialize(B(expected));
        Assert.Same(back[1], back[2]);
    }

    [Fact]
    public void RepeatedEnumCaseIsREvenAsSeparateInstances()
    {
        var value = PhpArray.List(new PhpEnumCase("Suit", "H"), new PhpEnumCase("Suit", "H"), new PhpEnumCase("Suit", "S"), PhpArray.List(new PhpEnumCase("Suit", "S")));
        Assert.Equal("a:4:{i:0;E:6:\"Suit:H\";i:1;r:2;i:2;E:6:\"Suit:S\";i:3;a:1:{i:0;r:4;}}", S(PhpSerialization.Serialize(value)));
    }

    [Theory] // object and reference interplay, bytes taken from PHP 8.2
    [InlineData("a:3:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;i:2;R:2;}")] // [&$o, $o, &$o]
    [InlineData("a:3:{i:0;O:8:\"stdClass\":0:{}i:1;R:2;i:2;R:2;}")] // [$o, &$o, &$o]
    [InlineData("a:3:{i:0;E:6:\"Suit:H\";i:1;R:2;i:2;r:2;}")]     // [&$x, &$x, Suit::H]
    [InlineData("a:1:{i:0;a:1:{i:0;R:2;}}")]                       // reference cycle through an array
    [InlineData("O:8:\"stdClass\":1:{s:1:\"a\";r:1;}")]            // object cycle
    [InlineData("a:2:{i:0;O:7:\"WithSer\":2:{i:5;s:1:\"x\";s:1:\"k\";a:1:{i:0;i:1;}}i:1;i:1;}")] // __serialize: plain O: with int keys
    public void PhpReferenceShapesRoundTrip(string serialized) => Assert.Equal(serialized, RoundTrip(serialized));

    [Fact]
    public void IncompleteClassIsWrittenUnderItsOriginalName()
        => Assert.Equal("O:3:\"Foo\":1:{s:1:\"a\";i:1;}", RoundTrip("O:22:\"__PHP_Incomplete_Class\":2:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Foo\";s:1:\"a\";i:1;}"));
}
