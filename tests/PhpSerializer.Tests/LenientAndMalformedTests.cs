using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests;

/// <summary>PHP's lenient forms accepted; malformed and hostile inputs rejected with an offset, never a crash.</summary>
public class LenientAndMalformedTests
{
    // input -> what PHP 8.2's serialize(unserialize(input)) gives (checked against php below)
    public static TheoryData<string, string> Lenient() => new()
    {
        { "i:+1;", "i:1;" },
        { "i:007;", "i:7;" },
        { "i:-0;", "i:0;" },
        { "i:99999999999999999999;", "i:9223372036854775807;" },
        { "i:-9223372036854775809;", "i:-9223372036854775808;" },
        { "d:.5;", "d:0.5;" },
        { "d:5.;", "d:5;" },
        { "d:1e3;", "d:1000;" },
        { "d:+1.5E+2;", "d:150;" },
        { "d:-1e-400;", "d:-0;" },
        { "d:1.5e400;", "d:INF;" },
        { "S:3:\"\\61\\62c\";", "s:3:\"abc\";" },
        { "a:1:{S:1:\"\\61\";i:1;}", "a:1:{s:1:\"a\";i:1;}" },
        { "s:01:\"a\";", "s:1:\"a\";" },
        { "s:18446744073709551617:\"a\";", "s:1:\"a\";" },
        { "a:00000000000000000000001:{i:0;i:1;}", "a:1:{i:0;i:1;}" },
        { "O:8:\"stdClass\":+1:{s:1:\"a\";i:1;}", "O:8:\"stdClass\":1:{s:1:\"a\";i:1;}" },
        { "O:8:\"stdClass\"::{}", "O:8:\"stdClass\":0:{}" },
        { "O:3:\"1AB\":0:{}", "O:3:\"1AB\":0:{}" },
        { "a:1:{i:0;i:1;}XYZ", "a:1:{i:0;i:1;}" },
        { "a:1:{s:1:\"5\";i:1;}", "a:1:{i:5;i:1;}" },
        { "a:1:{i:99999999999999999999;i:1;}", "a:1:{i:9223372036854775807;i:1;}" },
        { "a:2:{i:0;i:1;i:0;i:2;}", "a:1:{i:0;i:2;}" },
        { "O:8:\"stdClass\":2:{s:1:\"a\";i:1;s:1:\"a\";i:2;}", "O:8:\"stdClass\":1:{s:1:\"a\";i:2;}" },
        { "a:3:{i:0;i:1;i:0;i:2;i:1;R:2;}", "a:2:{i:0;i:2;i:1;R:2;}" },
        { "a:3:{i:0;i:1;i:0;i:2;i:1;R:3;}", "a:2:{i:0;i:2;i:1;R:2;}" },
        { "a:2:{i:0;i:1;i:1;R:1;}", "a:2:{i:0;i:1;i:1;N;}" },
        { "a:1:{i:0;R:18446744073709551617;}", "a:1:{i:0;N;}" },
        { "O:8:\"stdClass\":1:{s:1:\"a\";R:1;}", "O:8:\"stdClass\":1:{s:1:\"a\";r:1;}" },
        { "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"a\";i:1;}i:1;R:3;}", "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"a\";i:1;}i:1;R:3;}" },
        { "O:22:\"__PHP_Incomplete_Class\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Foo\";}", "O:3:\"Foo\":0:{}" },
        { "O:22:\"__PHP_Incomplete_Class\":0:{}", "O:22:\"__PHP_Incomplete_Class\":0:{}" },
        { "O:3:\"A\\B\":0:{}", "O:3:\"A\\B\":0:{}" },
        { "O:2:\"\u0080A\":0:{}", "O:2:\"\u0080A\":0:{}" },
        { "E:11:\"Suit:Hearts\";", "E:11:\"Suit:Hearts\";" },
    };

    // input -> byte offset of the error, where PHP reports it ("Error at offset N"); checked against php below
    public static TheoryData<string, int> Malformed() => new()
    {
        { "", 0 },
        { "N", 0 },
        { " N;", 0 },
        { "X;", 0 },
        { "i:1 ;", 0 },
        { "i: 1;", 0 },
        { "i:;", 0 },
        { "b:2;", 0 },
        { "b:01;", 0 },
        { "d:+INF;", 0 },
        { "d:-NAN;", 0 },
        { "d:.;", 0 },
        { "d:1e;", 0 },
        { "d:1E+-3;", 0 },
        { "d:0x1A;", 0 },
        { "s:5:\"ab\";", 2 },
        { "s:1:\"ab\";", 6 },
        { "s:+1:\"a\";", 0 },
        { "s:-1:\"a\";", 0 },
        { "s:1 :\"a\";", 0 },
        { "S:1:\"\\6\";", 0 },
        { "S:1:\"\\zz\";", 0 },
        { "a:+1:{i:0;i:1;}", 0 },
        { "a:-0:{}", 0 },
        { "a:1:{d:1;i:1;}", 9 },
        { "a:1:{N;i:1;}", 7 },
        { "a:1:{a:0:{}i:1;}", 10 },
        { "a:2:{i:0;i:1;}", 13 },
        { "a:1:{i:0;i:1;", 13 },
        { "a:1:{i:0;i:1;;", 13 },
        { "a:1:{i:0;i:1;} ", -1 }, // valid, trailing space ignored
        { "a:1000000000:{}", 14 },
        { "a:99999999999999999999:{}", 24 },
        { "O:8:\"stdClass\":2147483647:{}", 25 },
        { "O:8:\"stdClass\":-1:{}", 17 },
        { "O:8:\"stdClass\":0:X}", 17 },
        { "O:0:\"\":0:{}", 2 },
        { "O:3:\"A-B\":0:{}", 0 },
        { "O:3:\"A\u007fB\":0:{}", 0 },
        { "O:4:\"\\A\\B\":0:{}", 0 },
        { "O:9:\"stdClass\":0:{}", 14 },
        { "C:3:\"Foo\":-1:{}", 14 },
        { "C:3:\"Foo\":3;{abc}", 11 },
        { "C:3:\"Foo\":3:Xabc}", 12 },
        { "C:3:\"Foo\":3:{abcX", 16 },
        { "C:0:\"\":0:{}", 2 },
        { "E:3:\"ABC\";", 0 },
        { "E:2:\"A:\";", 0 },
        { "r:1;", 4 },
        { "R:1;", 4 },
        { "a:1:{i:0;r:0;}", 13 },
        { "a:1:{i:0;R:0;}", 13 },
        { "a:1:{i:0;R:2;}", 13 },
        { "a:1:{i:0;r:1;}", 13 },
        { "a:2:{i:0;i:5;i:1;r:2;}", 21 },
        { "a:2:{i:0;i:1;i:0;R:2;}", 21 },
    };

    [Theory]
    [MemberData(nameof(Lenient))]
    public void LenientFormsAreAcceptedLikePhp(string input, string canonical) => Assert.Equal(canonical, RoundTrip(input));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedInputIsRejectedWithTheOffset(string input, int offset)
    {
        if (offset < 0)
        {
            PhpSerialization.Unserialize(B(input));
            var strict = new PhpSerializerOptions { AllowTrailingBytes = false };
            var e2 = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B(input), strict));
            Assert.Equal(input.TrimEnd().Length, e2.Offset);
            return;
        }
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B(input)));
        Assert.Equal(offset, e.Offset);
        Assert.Contains($"offset {offset}", e.Message);
    }

    [Fact]
    public void PhpAgreesOnEveryLenientAndMalformedInput()
    {
        var inputs = Lenient().Select(r => (string)r[0]).Concat(Malformed().Select(r => (string)r[0])).ToList();
        var php = PhpFrames.PhpRoundTrip(inputs.Select(B).ToList());
        for (int i = 0; i < inputs.Count; i++)
        {
            string? ours;
            try { ours = RoundTrip(inputs[i]); }
            catch (PhpSerializationException) { ours = null; }
            string? theirs = php[i] is null ? null : S(php[i]!);
            Assert.True(ours == theirs, $"input {inputs[i]}: php {theirs ?? "rejects"}, c# {ours ?? "rejects"}");
        }
    }

    [Fact]
    public void PhpReportsEveryMalformedInputAtTheSameOffset()
    {
        var inputs = Malformed().Select(r => B((string)r[0])).ToList();
        var php = PhpShmCompat.TestSupport.Differential.PhpJudge.Host(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            var ours = PhpShmCompat.TestSupport.Differential.LibraryVerdict.Of(inputs[i]);
            Assert.True(php[i].Agrees(ours), $"input {S(inputs[i])}: php {php[i]}, c# {ours}");
        }
    }

    public static TheoryData<string> Complex() => new()
    {
        "a:3:{i:0;C:8:\"OldStyle\":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:\"stdClass\":0:{}i:2;r:6;}",
        "O:1:\"Q\":4:{s:4:\"\0P\0c\";i:1;s:4:\"\0*\0p\";d:0.5;s:1:\"q\";S:1:\"\\41\";s:4:\"\0Q\0c\";E:6:\"Suit:H\";}",
        "a:4:{i:0;b:1;s:3:\"k\0y\";a:1:{i:0;R:3;}i:-7;d:-1.0E-5;i:9;N;}",
    };

    [Theory]
    [MemberData(nameof(Complex))]
    public void EveryTruncationIsRejectedWithAnOffsetInsideTheInput(string input)
    {
        byte[] all = B(input);
        PhpSerialization.Unserialize(all);
        for (int n = 0; n < all.Length; n++)
        {
            var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(all.AsSpan(0, n)));
            Assert.InRange(e.Offset, 0, n);
        }
    }

    [Theory]
    [InlineData("a:1:{i:0;", "}")]
    [InlineData("O:8:\"stdClass\":1:{s:1:\"p\";", "}")]
    public void TenThousandDeepNestingIsRejectedAtTheDepthLimit(string open, string close)
    {
        const int depth = 10_000;
        byte[] data = B(string.Concat(Enumerable.Repeat(open, depth)) + "N;" + string.Concat(Enumerable.Repeat(close, depth)));
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(data));
        Assert.Equal(4096 * open.Length + open.IndexOf('{') + 1, e.Offset); // just after the "{" of the first container too deep, as PHP
        Assert.Contains("Maximum depth of 4096", e.Message);

        // 4096 levels are fine (PHP's default limit), and with a higher limit 10,000 levels parse and
        // re-serialize without recursion.
        byte[] ok = B(string.Concat(Enumerable.Repeat(open, 4096)) + "N;" + string.Concat(Enumerable.Repeat(close, 4096)));
        Assert.Equal(ok, PhpSerialization.Serialize(PhpSerialization.Unserialize(ok)));
        var deep = new PhpSerializerOptions { MaxDepth = 20_000 };
        var value = PhpSerialization.Unserialize(data, deep);
        Assert.Equal(data, PhpSerialization.Serialize(value, deep));
        var w = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(value));
        Assert.Contains("Maximum depth", w.Message);
    }

    [Fact]
    public void PhpAgreesOnTheDepthLimit()
    {
        string Nest(int n) => string.Concat(Enumerable.Repeat("a:1:{i:0;", n)) + "a:0:{}" + new string('}', n);
        var php = PhpFrames.PhpRoundTrip(new[] { B(Nest(4096)), B(Nest(4097)) });
        Assert.NotNull(php[0]);
        Assert.Null(php[1]);
        Assert.Equal(Nest(4096), RoundTrip(Nest(4096)));
        Assert.Throws<PhpSerializationException>(() => RoundTrip(Nest(4097)));
    }

    [Theory]
    [InlineData("a:2147483647:{")]
    [InlineData("a:1000000:{i:0;N;}")]
    [InlineData("O:8:\"stdClass\":2147483647:{")]
    [InlineData("s:2147483647:\"")]
    [InlineData("S:2147483647:\"")]
    [InlineData("C:3:\"Foo\":2147483647:{")]
    [InlineData("E:2147483647:\"")]
    public void FakeHugeCountsAreRejectedBeforeAllocating(string input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B(input)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(e.Offset, 0, input.Length);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a {input.Length}-byte input");
    }

    [Fact]
    public void LimitsInOptionsAreEnforced()
    {
        var small = new PhpSerializerOptions { MaxStringLength = 3, MaxElementCount = 2, MaxOutputBytes = 10 };
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B("s:4:\"abcd\";"), small));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(B("a:3:{i:0;N;i:1;N;i:2;N;}"), small));
        Assert.Equal("s:3:\"abc\";", S(PhpSerialization.Serialize("abc", small)));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize("abcd", small));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(PhpArray.List(1L, 2L, 3L), small)); // output > 10 bytes
    }
}
