using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests.Document;

/// <summary>
/// Which inputs a document indexes in place and which it leaves to the value model
/// (<see cref="PhpDocument.IsIndexed"/>), at the edges of each form: what PHP's serialize()
/// writes is indexed, however large its numbers, lengths and counts; other spellings PHP accepts
/// read through the value model; limits hold at the limit and refuse one past it, with
/// Unserialize's error. Either way every element reads what the value model holds.
/// </summary>
public class PhpDocumentIndexingTests
{
    // Values at the edges of each form, written by PHP itself.
    private const string EdgeValues = """
        class Edge { public $a = 1; protected $b = 2.5; private $c = 'c'; }
        $deep = 1;
        for ($i = 0; $i < 40; $i++) $deep = [$deep];
        $wide = [];
        for ($i = 0; $i < 40; $i++) $wide["key$i"] = $i;
        $sparse = [];
        for ($i = 0; $i < 40; $i++) $sparse[$i * 7 - 100] = "v$i";
        $values = [
            PHP_INT_MAX, PHP_INT_MIN, 0, -1, 1000000000000000000, -999999999999999999,
            '', 'x', str_repeat('ab', 300), "\0*\0", '123', '-0', '01',
            0.1, -0.0, 1e25, 1.5e-300, 5e-324, 1.7976931348623157e308, NAN, INF, -INF, 123456789.12345678,
            true, false, null,
            [], [1, 2, 3], ['a' => 1, 'b' => 2], [5 => 1, 3 => 2], ['10' => 'int key'], [-5 => 'x', 'y'],
            [0 => 'a', 2 => 'b'], ['x' => [], 'y' => new stdClass()],
            $deep, $wide, $sparse, new Edge(), [new Edge(), new Edge()],
        ];
        foreach ($values as $v) { $s = serialize($v); echo pack('V', strlen($s)), $s; }
        """;

    [Fact]
    public void WhatPhpWritesAtTheEdgesOfEachFormIsIndexedAndReadsAsTheValueModel()
    {
        List<byte[]> inputs = PhpFrames.Unframe(PhpRunner.RunCode(EdgeValues).EnsureSuccess().Stdout);
        Assert.Equal(39, inputs.Count);
        var failures = new List<string>();
        foreach (byte[] input in inputs)
        {
            using PhpDocument document = PhpDocument.Parse(input.AsMemory());
            if (!document.IsIndexed) failures.Add($"not indexed: {PhpFrames.Show(input)}");
            string? difference = ElementComparer.Difference(document.RootElement, PhpSerialization.Unserialize(input), "$");
            if (difference is not null) failures.Add($"{difference}: {PhpFrames.Show(input)}");
        }
        Assert.Empty(failures);
    }

    // Spellings PHP reads but never writes (or reads as another value than written): the value
    // model decides them, and PHP's serialize() of what it read equals ours.
    [Theory]
    [InlineData("i:+5;")]
    [InlineData("i:00000000000000000001;")] // 20 digits
    [InlineData("i:99999999999999999999;")] // past int64: PHP clamps
    [InlineData("i:-9223372036854775809;")]
    [InlineData("s:0000000001:\"a\";")] // a 10-digit length
    [InlineData("a:0000000001:{i:0;i:1;}")]
    [InlineData("a:2:{i:0;i:1;i:0;i:2;}")] // a repeated int key: the later value replaces in place
    [InlineData("a:2:{s:1:\"k\";i:1;s:1:\"k\";i:2;}")]
    [InlineData("a:2:{s:8:\"abcdefgh\";i:1;s:8:\"abcdefgh\";i:2;}")] // a repeated key after different bytes
    [InlineData("a:2:{s:2:\"kk\";i:1;s:2:\"kk\";N;}")] // the second within 8 bytes of the end
    [InlineData("a:2:{s:12:\"a_long_key_1\";i:1;s:12:\"a_long_key_1\";i:2;}")] // repeated keys longer than a print's word
    [InlineData("a:3:{i:0;N;s:20:\"twenty_bytes_of_key!\";i:1;s:20:\"twenty_bytes_of_key!\";i:2;}")]
    [InlineData("a:2:{i:5;i:1;s:1:\"5\";i:2;}")] // "5" is the int key 5
    [InlineData("O:8:\"stdclass\":1:{s:1:\"a\";i:1;}")] // a known class in another letter case
    [InlineData("O:8:\"stdClass\":2:{s:1:\"a\";i:1;s:1:\"a\";i:2;}")]
    [InlineData("O:8:\"stdClass\":1:{i:0;i:1;}")] // an int property name
    [InlineData("O:22:\"__PHP_Incomplete_Class\":0:{}")]
    [InlineData("O:3:\"Foo\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Bar\";}")]
    [InlineData("a:2:{i:0;i:7;i:1;R:2;}")]
    [InlineData("a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}")]
    [InlineData("S:1:\"\\41\";")]
    public void SpellingsPhpDoesNotWriteAreReadThroughTheValueModel(string text)
    {
        byte[] input = System.Text.Encoding.UTF8.GetBytes(text);
        using PhpDocument document = PhpDocument.Parse(input.AsMemory());
        Assert.False(document.IsIndexed);
        PhpValue value = PhpSerialization.Unserialize(input);
        Assert.Null(ElementComparer.Difference(document.RootElement, value, "$"));
        byte[]? php = PhpFrames.PhpRoundTrip([input])[0];
        Assert.NotNull(php);
        Assert.Equal(PhpFrames.Show(php), PhpFrames.Show(PhpSerialization.Serialize(document.RootElement.ToValue())));
    }

    [Theory]
    [InlineData("a:1:{i:0;a:1:{i:0;a:1:{i:0;i:1;}}}", "a:1:{i:0;a:1:{i:0;a:1:{i:0;a:1:{i:0;i:1;}}}}")]
    [InlineData("O:8:\"stdClass\":0:{}", null)] // an empty object counts as a level, as in PHP
    [InlineData("a:1:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}}", "a:1:{i:0;a:1:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}}}")]
    [InlineData("a:1:{i:0;a:1:{i:0;a:1:{i:0;a:0:{}}}}", null)] // an empty array does not
    public void TheDepthLimitHoldsAtTheLimitAndRefusesOnePastIt(string atLimit, string? pastLimit)
    {
        var options = new PhpSerializerOptions { MaxDepth = 3 };
        AssertIndexed(atLimit, options);
        if (pastLimit is not null) AssertRefusedAsUnserializeRefuses(pastLimit, options);
    }

    [Fact]
    public void TheStringAndCountLimitsHoldAtTheLimitAndRefuseOnePastIt()
    {
        var strings = new PhpSerializerOptions { MaxStringLength = 5 };
        AssertIndexed("a:1:{s:5:\"kkkkk\";s:5:\"vvvvv\";}", strings);
        AssertIndexed("O:5:\"Klass\":1:{s:5:\"ppppp\";i:1;}", strings);
        AssertRefusedAsUnserializeRefuses("s:6:\"vvvvvv\";", strings);
        AssertRefusedAsUnserializeRefuses("a:1:{s:6:\"kkkkkk\";i:1;}", strings);
        AssertRefusedAsUnserializeRefuses("O:6:\"Klasss\":0:{}", strings);
        AssertRefusedAsUnserializeRefuses("O:1:\"K\":1:{s:6:\"pppppp\";i:1;}", strings);

        var counts = new PhpSerializerOptions { MaxElementCount = 2 };
        AssertIndexed("a:2:{i:0;i:1;i:1;a:2:{i:0;N;i:1;N;}}", counts);
        AssertIndexed("O:1:\"K\":2:{s:1:\"a\";N;s:1:\"b\";N;}", counts);
        AssertRefusedAsUnserializeRefuses("a:3:{i:0;N;i:1;N;i:2;N;}", counts);
        AssertRefusedAsUnserializeRefuses("O:1:\"K\":3:{s:1:\"a\";N;s:1:\"b\";N;s:1:\"c\";N;}", counts);
    }

    [Fact]
    public void TrailingBytesAreIndexedWhenAllowedAndRefusedOtherwise()
    {
        AssertIndexed("i:1;garbage", new PhpSerializerOptions { AllowTrailingBytes = true });
        AssertRefusedAsUnserializeRefuses("i:1;garbage", new PhpSerializerOptions { AllowTrailingBytes = false });
    }

    [Theory]
    [InlineData("i:-;")]
    [InlineData("i:;")]
    [InlineData("i:1")]
    [InlineData("s:1:\"ab\";")]
    [InlineData("s:2:\"a\";")]
    [InlineData("s:1:\"a\"")]
    [InlineData("s:1:'a';")]
    [InlineData("b:2;")]
    [InlineData("b:1")]
    [InlineData("d:1.5")]
    [InlineData("d:.;")]
    [InlineData("d:1e;")]
    [InlineData("N")]
    [InlineData("a:1:{i:0;i:1;")]
    [InlineData("a:1:{i:0;i:1;]")]
    [InlineData("a:2:{i:0;i:1;}")]
    [InlineData("a:1:{d:0.5;i:1;}")]
    [InlineData("O:0:\"\":0:{}")]
    [InlineData("O:1:\"-\":0:{}")]
    [InlineData("O:3:\"a-b\":0:{}")]
    [InlineData("O:1:\"K\":1:{s:1:\"a\";i:1;")]
    [InlineData("O:1:\"K\":1:{s:1:\"a\"}")]
    [InlineData("O:1:\"K\"0:{}")]
    [InlineData("O:1:\"K:0:{}")]
    [InlineData("x:1;")]
    [InlineData("a:{}")] // no count
    [InlineData("s:1:\"a\"x")]
    [InlineData("a:1:{i:0;s:1:\"a\"x}")]
    public void MalformedInputIsRefusedAsUnserializeRefusesIt(string text)
        => AssertRefusedAsUnserializeRefuses(text, PhpSerializerOptions.Default);

    // Each scalar form inside containers too (the root and the elements are read by different
    // code), and lengths of nine digits (the most the indexer reads itself).
    [Theory]
    [InlineData("a:4:{i:0;b:1;i:1;b:0;i:2;N;i:3;d:0.5;}")]
    [InlineData("O:8:\"stdClass\":3:{s:1:\"t\";b:1;s:1:\"f\";b:0;s:1:\"n\";N;}")]
    [InlineData("s:000000003:\"abc\";")]
    [InlineData("a:1:{s:000000003:\"abc\";i:1;}")]
    public void ScalarsInContainersAndNineDigitLengthsAreIndexed(string text)
        => AssertIndexed(text, PhpSerializerOptions.Default);

    private static void AssertIndexed(string text, PhpSerializerOptions options)
    {
        byte[] input = System.Text.Encoding.UTF8.GetBytes(text);
        using PhpDocument document = PhpDocument.Parse(input.AsMemory(), options);
        Assert.True(document.IsIndexed, text);
        Assert.Null(ElementComparer.Difference(document.RootElement, PhpSerialization.Unserialize(input, options), "$"));
    }

    private static void AssertRefusedAsUnserializeRefuses(string text, PhpSerializerOptions options)
    {
        byte[] input = System.Text.Encoding.UTF8.GetBytes(text);
        var expected = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(input, options));
        var actual = Assert.Throws<PhpSerializationException>(() => PhpDocument.Parse(input.AsMemory(), options));
        Assert.Equal((expected.Offset, expected.Message), (actual.Offset, actual.Message));
    }
}
