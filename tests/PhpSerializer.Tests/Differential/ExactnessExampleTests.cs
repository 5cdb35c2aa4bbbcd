using PhpShmCompat.TestSupport.Differential;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Differential;

/// <summary>
/// Inputs PHP accepts but never writes, whose PHP results the library once missed: int property
/// names, class names in another case, and the offsets of bad back-references. Each gives PHP's
/// bytes or PHP's offset through the value model, <c>UnserializeNoCopy</c> and
/// <c>Deserialize&lt;T&gt;</c>, and PHP is asked again every run.
/// </summary>
public class ExactnessExampleTests
{
    public static TheoryData<string, string> Accepted() => new()
    {
        { "O:8:\"stdClass\":1:{i:0;i:5;}", "O:8:\"stdClass\":1:{s:1:\"0\";i:5;}" },
        { "O:8:\"stdClass\":2:{s:1:\"0\";i:1;i:0;i:2;}", "O:8:\"stdClass\":1:{s:1:\"0\";i:2;}" },
        { "O:4:\"Nope\":2:{s:1:\"0\";i:1;i:0;i:2;}", "O:4:\"Nope\":1:{s:1:\"0\";i:2;}" },
        { "O:4:\"Nope\":1:{i:-7;i:5;}", "O:4:\"Nope\":1:{s:2:\"-7\";i:5;}" },
        { "O:8:\"StdClass\":0:{}", "O:8:\"stdClass\":0:{}" },
        { "O:8:\"STDCLASS\":1:{s:1:\"a\";O:8:\"stdclass\":0:{}}", "O:8:\"stdClass\":1:{s:1:\"a\";O:8:\"stdClass\":0:{}}" },
        { "O:4:\"nOPE\":0:{}", "O:4:\"nOPE\":0:{}" },
        { "O:22:\"__php_incomplete_class\":0:{}", "O:22:\"__PHP_Incomplete_Class\":0:{}" },
        { "O:4:\"Nope\":2:{s:1:\"a\";i:1;s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Foo\";}", "O:3:\"Foo\":1:{s:1:\"a\";i:1;}" },
        { "a:1:{i:0;R:1;}", "a:1:{i:0;N;}" },
        { "a:2:{i:0;R:1;i:1;R:1;}", "a:2:{i:0;a:2:{i:0;R:2;i:1;R:2;}i:1;R:2;}" },
        { "O:8:\"stdClass\":2:{s:1:\"a\";R:1;s:1:\"b\";R:1;}", "O:8:\"stdClass\":2:{s:1:\"a\";R:1;s:1:\"b\";R:1;}" },
    };

    public static TheoryData<string, int> Rejected() => new()
    {
        { "r:5;", 4 },
        { "R:5;", 4 },
        { "a:1:{i:0;r:5;}", 13 },
        { "a:2:{i:0;i:1;i:1;r:2;}", 21 },
        { "O:3:\"A-B\":0:{}", 0 },
        { "a:+1:{i:0;i:1;}", 0 },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptedInputsGivePhpsBytesOnEveryReadPath(string input, string php)
    {
        byte[] data = B(input);
        Assert.Equal(php, S(PhpSerialization.Serialize(PhpSerialization.Unserialize(data))));
        Assert.Equal(php, S(PhpSerialization.Serialize(PhpSerialization.UnserializeNoCopy(data))));
        Assert.Equal(php, S(PhpSerialization.Serialize(PhpSerialization.Deserialize<PhpValue>(data)!)));
        Verdict theirs = PhpJudge.Host([data])[0];
        Assert.Equal(php, S(theirs.Output));
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void RejectedInputsReportPhpsOffsetOnEveryReadPath(string input, int offset)
    {
        byte[] data = B(input);
        Assert.Equal(offset, Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(data)).Offset);
        Assert.Equal(offset, Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<PhpValue>(data)).Offset);
        Assert.Equal(offset, Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Dictionary<int, int>>(data)).Offset);
        Assert.Equal(offset, PhpJudge.Host([data])[0].Offset);
    }

    [Fact]
    public void TypedReadsSeePhpsPropertyNamesAndClassSpelling()
    {
        var zero = PhpSerialization.Deserialize<ZeroHolder>(B("O:8:\"stdClass\":2:{s:1:\"0\";i:1;i:0;i:2;}"))!;
        Assert.Equal(2, zero.Zero);
        zero = PhpSerialization.Deserialize<ZeroHolder>(B("O:8:\"STDCLASS\":1:{i:0;i:7;}"))!;
        Assert.Equal(7, zero.Zero);

        var point = PhpSerialization.Deserialize<Point>(B("O:5:\"POINT\":2:{s:1:\"X\";i:3;s:1:\"Y\";i:4;}"))!;
        Assert.Equal((3, 4), (point.X, point.Y));

        var o = Assert.IsType<PhpObject>(PhpSerialization.Unserialize(B("O:8:\"StdClass\":1:{i:0;i:5;}")));
        Assert.Equal("stdClass", o.ClassName);
        Assert.Equal("0", Assert.Single(o.Properties).Name);
    }

    [Fact]
    public void KnownClassesTakeTheirDeclaredSpellingAndUnserializeDataKeepsArrayKeys()
    {
        var options = new PhpSerializerOptions();
        options.KnownClasses.Add("App\\Cart", hasUnserialize: true);
        options.KnownClasses.Add("App\\User");
        Assert.Throws<ArgumentException>(() => options.KnownClasses.Add("app\\user"));
        Assert.Throws<ArgumentException>(() => options.KnownClasses.Add("1-2"));
        Assert.True(options.KnownClasses.Contains("APP\\USER"));
        Assert.True(options.KnownClasses.Contains("app\\cart")); // the other of the two names of the same length
        Assert.True(options.KnownClasses.Contains("ARRAYOBJECT"));
        Assert.False(options.KnownClasses.Contains("App\\Users"));
        Assert.False(options.KnownClasses.Contains(new string('A', 300))); // longer than every known name

        string cart = S(PhpSerialization.Serialize(PhpSerialization.Unserialize(B("O:8:\"app\\cart\":2:{s:1:\"5\";i:1;i:6;i:2;}"), options)));
        Assert.Equal("O:8:\"App\\Cart\":2:{i:5;i:1;i:6;i:2;}", cart);
        string user = S(PhpSerialization.Serialize(PhpSerialization.Unserialize(B("O:8:\"APP\\USER\":1:{i:5;i:1;}"), options)));
        Assert.Equal("O:8:\"App\\User\":1:{s:1:\"5\";i:1;}", user);
    }

    [PhpClass("stdClass")]
    public sealed class ZeroHolder
    {
        [PhpProperty("0")]
        public int Zero { get; set; }
    }

    [PhpClass("Point")]
    public sealed class Point
    {
        public int X { get; set; }
        public int Y { get; set; }
    }
}
