using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The fast unserialize path on its own. It takes the forms PHP's serialize() writes and gives
/// up on everything else, leaving it to the general path; through the public entry points a
/// fast path that gives up too often, or takes too much, shows only as a different speed or
/// as the general path's answer. So its verdicts are checked here directly: what it takes, it
/// reads to the end and builds the general path's tree; malformed input shaped so that a wrong
/// "yes" would still reach a closing brace is declined; limits hold at their value.
/// </summary>
public class FastTreeParserVerdictTests
{
    private static void Handled(string input, PhpSerializerOptions? options = null)
    {
        options ??= PhpTestClasses.Options;
        byte[] bytes = B(input);
        PhpValue? value = FastTreeParser.TryParse(bytes, options, null, 0, out int consumed);
        Assert.True(value is not null, $"the fast path declines {input}");
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(S(GeneralReader.RoundTrip(bytes, options)), S(PhpSerialization.Serialize(value, options)));
    }

    private static void Declined(string input, PhpSerializerOptions? options = null)
    {
        PhpValue? value = FastTreeParser.TryParse(B(input), options ?? PhpTestClasses.Options, null, 0, out _);
        Assert.True(value is null, $"the fast path takes {input}");
    }

    [Theory]
    [InlineData("N;")]
    [InlineData("b:1;")]
    [InlineData("b:0;")]
    [InlineData("i:-5;")]
    [InlineData("d:0.5;")]
    [InlineData("s:3:\"abc\";")]
    [InlineData("s:0:\"\";")]
    [InlineData("a:0:{}")]
    [InlineData("a:3:{i:0;N;i:1;N;i:2;N;}")] // six bytes per element: the most a count may claim
    [InlineData("a:2:{s:1:\"k\";d:1.5;s:1:\"5\";b:0;}")]
    [InlineData("O:8:\"stdClass\":0:{}")]
    [InlineData("O:8:\"stdClass\":2:{s:1:\"a\";b:1;s:4:\"\\0*\\0p\";N;}")]
    [InlineData("a:2:{i:0;a:1:{i:0;N;}i:1;O:8:\"stdClass\":1:{s:1:\"x\";a:0:{}}}")]
    public void TheFormsPhpWritesAreTaken(string input) => Handled(input.Replace("\\0", "\0"));

    [Theory]
    [InlineData("O:0:}")] // an empty class name
    [InlineData("O:5:\"}")] // a class name longer than the input
    [InlineData("O:1:\"}\":0:{}")] // bytes a class name cannot have
    [InlineData("b:1")]
    [InlineData("b:2;")]
    [InlineData("b:;")]
    [InlineData("a:{}")] // no count
    [InlineData("a:1:{N;}")] // a key that is no key
    [InlineData("a:1:{i:N;}")] // an int key without digits
    [InlineData("a:1:{s:N;}")] // a string key without a length
    [InlineData("a:1:{12:\"abcdefghijkl\";N;}")] // a key without a type letter
    [InlineData("O:8:\"stdClass\":1:{N;}")]
    [InlineData("O:8:\"stdClass\":1:{i:1:\"x\";N;}")] // an int property name
    [InlineData("O:7:\"WithSer\":0:{}")] // __unserialize: array keys, the general path's
    [InlineData("O:22:\"__PHP_Incomplete_Class\":0:{}")]
    [InlineData("O:3:\"Foo\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Bar\";}")]
    [InlineData("a:1:{i:0;r:1;}")]
    [InlineData("a:4:{i:0;N;i:1;N;i:2;N;}")] // more elements claimed than there are
    // the same inside a container, where the rest of the input leaves the count check room
    [InlineData("a:2:{i:0;a:1:{N;}i:1;s:20:\"xxxxxxxxxxxxxxxxxxxx\";}")]
    [InlineData("a:2:{i:0;a:1:{i:N;}i:1;s:20:\"xxxxxxxxxxxxxxxxxxxx\";}")]
    [InlineData("a:2:{i:0;a:1:{s:N;}i:1;s:20:\"xxxxxxxxxxxxxxxxxxxx\";}")]
    [InlineData("a:2:{i:0;O:8:\"stdClass\":1:{N;}i:1;s:20:\"xxxxxxxxxxxxxxxxxxxx\";}")]
    public void WhatPhpNeverWritesOrTheGeneralPathSettlesIsDeclined(string input) => Declined(input);

    [Fact]
    public void StringAndElementLimitsHoldAtTheirValue()
    {
        var strings = new PhpSerializerOptions { MaxStringLength = 8 };
        Handled("O:8:\"stdClass\":0:{}", strings);
        Handled("s:8:\"abcdefgh\";", strings);
        Declined("s:9:\"abcdefghi\";", strings);
        Declined("O:9:\"stdClass2\":0:{}", strings);

        var elements = new PhpSerializerOptions { MaxElementCount = 2 };
        Handled("a:2:{i:0;N;i:1;N;}", elements);
        Declined("a:3:{i:0;N;i:1;N;i:2;N;}", elements);
    }

    [Fact]
    public void TheDepthCountsNonEmptyArraysAndEveryObject()
    {
        var one = new PhpSerializerOptions { MaxDepth = 1 };
        Handled("a:1:{i:0;a:0:{}}", one);
        Declined("a:1:{i:0;a:1:{i:0;N;}}", one);
        Declined("a:1:{i:0;O:8:\"stdClass\":0:{}}", one);

        // Leaving a container gives its level back, and an empty array never took one.
        var two = new PhpSerializerOptions { MaxDepth = 2 };
        Handled("a:3:{i:0;O:8:\"stdClass\":0:{}i:1;O:8:\"stdClass\":0:{}i:2;O:8:\"stdClass\":0:{}}", two);
        Handled("a:3:{i:0;a:1:{i:0;N;}i:1;a:1:{i:0;N;}i:2;a:1:{i:0;N;}}", two);
        Declined("a:4:{i:0;a:0:{}i:1;a:0:{}i:2;a:0:{}i:3;a:1:{i:0;a:1:{i:0;N;}}}", two);

        // No limit (0) still recurses only so deep; the general path goes deeper.
        var none = new PhpSerializerOptions { MaxDepth = 0 };
        Handled("a:1:{i:0;a:1:{i:0;a:1:{i:0;N;}}}", none);
        Handled(Nest(FastTreeParser.MaxRecursion), none);
        Declined(Nest(FastTreeParser.MaxRecursion + 1), none);
        Handled(Nest(FastTreeParser.MaxRecursion), new PhpSerializerOptions { MaxDepth = FastTreeParser.MaxRecursion });
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("a:1:{i:0;", depth)) + "N;" + new string('}', depth);

    // Nested containers each claim the same remaining bytes; all of them together reserve at most
    // one entry per six bytes of input, however the parse ends.
    [Fact]
    public void NestedClaimsOnTheSameBytesReserveOneInputsWorth()
    {
        string input = string.Concat(Enumerable.Repeat("a:8000:{i:0;", 60)) + "s:50000:\"" + new string('x', 50_000) + "\";";
        byte[] bytes = B(input);
        FastTreeParser.TryParse(bytes, PhpTestClasses.Options, null, 0, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Null(FastTreeParser.TryParse(bytes, PhpTestClasses.Options, null, 0, out _));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // 60 levels of 8,000 entries would be 11 MB; the whole input holds 8,455.
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for a {bytes.Length}-byte input");
    }

    private delegate bool Read(ref FastTreeParser parser);

    // A token read either takes the token, moving past it, or declines.
    private static void Reads(string input, Read read, bool taken, int position = -1)
    {
        byte[] bytes = B(input);
        var parser = new FastTreeParser(bytes, PhpTestClasses.Options, null, 0);
        Assert.Equal(taken, read(ref parser));
        if (taken) Assert.Equal(position < 0 ? bytes.Length : position, parser.Position);
    }

    [Fact]
    public void TheStreamingTokenReadsTakeTheirTokenOrDecline()
    {
        Reads("N;", (ref FastTreeParser p) => p.TryReadNull(), true);
        Reads("N:", (ref FastTreeParser p) => p.TryReadNull(), false);
        Reads("X;", (ref FastTreeParser p) => p.TryReadNull(), false);
        Reads("N", (ref FastTreeParser p) => p.TryReadNull(), false);

        Reads("i:-42;", (ref FastTreeParser p) => p.TryReadInt(out long v) && v == -42, true);
        Reads("i", (ref FastTreeParser p) => p.TryReadInt(out _), false);
        Reads("2:{i:0;N;i:1;N;}", (ref FastTreeParser p) => p.TryReadArrayStart(out _), false); // no type letter
        Reads("i:x;", (ref FastTreeParser p) => p.TryReadInt(out _), false);
        Reads("d:1;", (ref FastTreeParser p) => p.TryReadInt(out _), false);
        Reads("i;", (ref FastTreeParser p) => p.TryReadInt(out _), false);

        Reads("d:2.5;", (ref FastTreeParser p) => p.TryReadNumber(out double v) && v == 2.5, true);
        Reads("i:7;", (ref FastTreeParser p) => p.TryReadNumber(out double v) && v == 7, true);
        Reads("i:7", (ref FastTreeParser p) => p.TryReadNumber(out _), false);
        Reads("d:x;", (ref FastTreeParser p) => p.TryReadNumber(out _), false);
        Reads("b:1;", (ref FastTreeParser p) => p.TryReadNumber(out _), false);

        Reads("b:1;", (ref FastTreeParser p) => p.TryReadBool(out bool v) && v, true);
        Reads("b:0;", (ref FastTreeParser p) => p.TryReadBool(out bool v) && !v, true);
        Reads("i:1;", (ref FastTreeParser p) => p.TryReadBool(out _), false);

        Reads("s:2:\"ab\";", (ref FastTreeParser p) => p.TryReadStringBytes(out ReadOnlySpan<byte> b) && b.SequenceEqual("ab"u8), true);
        Reads("S:2:\"ab\";", (ref FastTreeParser p) => p.TryReadStringBytes(out _), false);
        Reads("s:3:\"ab\";", (ref FastTreeParser p) => p.TryReadStringBytes(out _), false);

        Reads("a:2:{i:0;N;i:1;N;}", (ref FastTreeParser p) => p.TryReadArrayStart(out int n) && n == 2, true, 5);
        Reads("a:2:{i:0;N;}", (ref FastTreeParser p) => p.TryReadArrayStart(out _), false); // more than the input holds
        Reads("O:1:\"a\":2:{", (ref FastTreeParser p) => p.TryReadArrayStart(out _), false);
        Reads("O:8:\"stdClass\":1:{s:1:\"a\";N;}", (ref FastTreeParser p) => p.TryReadObjectStart(out ReadOnlySpan<byte> name, out int n) && name.SequenceEqual("stdClass"u8) && n == 1, true, 18);
        Reads("a:1:{", (ref FastTreeParser p) => p.TryReadObjectStart(out _, out _), false);

        Reads("i:3;", (ref FastTreeParser p) => p.TryReadListKey(3), true);
        Reads("i:3;", (ref FastTreeParser p) => p.TryReadListKey(4), false);
        Reads("s:1:\"3\";", (ref FastTreeParser p) => p.TryReadListKey(3), false);

        Reads("s:4:\"name\";", (ref FastTreeParser p) => p.TryReadPropertyKey(out ReadOnlySpan<byte> n) && n.SequenceEqual("name"u8), true);
        Reads("i:4;", (ref FastTreeParser p) => p.TryReadPropertyKey(out _), false);
        Reads("i:1:\"x\";", (ref FastTreeParser p) => p.TryReadPropertyKey(out _), false);
        Reads("N;", (ref FastTreeParser p) => p.TryReadPropertyKey(out _), false);
        Reads("s:4:\"na\";", (ref FastTreeParser p) => p.TryReadPropertyKey(out _), false);
        Reads("s:27:\"__PHP_Incomplete_Class_Name\";", (ref FastTreeParser p) => p.TryReadPropertyKey(out _), false);

        Reads("i:9;", (ref FastTreeParser p) => p.TryReadArrayKey(out bool isInt, out long k, out _) && isInt && k == 9, true);
        Reads("s:1:\"9\";", (ref FastTreeParser p) => p.TryReadArrayKey(out bool isInt, out long k, out _) && isInt && k == 9, true);
        Reads("s:2:\"09\";", (ref FastTreeParser p) => p.TryReadArrayKey(out bool isInt, out _, out ReadOnlySpan<byte> n) && !isInt && n.SequenceEqual("09"u8), true);
        Reads("i:x;", (ref FastTreeParser p) => p.TryReadArrayKey(out _, out _, out _), false);
        Reads("s:x;", (ref FastTreeParser p) => p.TryReadArrayKey(out _, out _, out _), false);
        Reads("N;", (ref FastTreeParser p) => p.TryReadArrayKey(out _, out _, out _), false);

        Reads("a:1:{i:0;N;}i:5;", (ref FastTreeParser p) => p.TrySkipValue(), true, 12);
        Reads("a:1:{i:0;X;}", (ref FastTreeParser p) => p.TrySkipValue(), false);
    }

    [Fact]
    public void PeekingSeesTheNextTypeLetterOrTheEnd()
    {
        var parser = new FastTreeParser(B("N;i:1;"), PhpTestClasses.Options, null, 0);
        Assert.Equal((byte)'N', parser.PeekType());
        Assert.True(parser.NextIsNull);
        Assert.True(parser.TryReadNull());
        Assert.Equal((byte)'i', parser.PeekType());
        Assert.False(parser.NextIsNull);
        Assert.True(parser.TryReadInt(out _));
        Assert.Equal(0, parser.PeekType());
        Assert.False(parser.NextIsNull);
    }

    // Closing a container gives its depth back: objects always, arrays when they had elements.
    [Fact]
    public void ClosingAContainerThroughTheTokenReadsGivesItsLevelBack()
    {
        var options = new PhpSerializerOptions { MaxDepth = 1 };
        var parser = new FastTreeParser(B("O:8:\"stdClass\":0:{}O:8:\"stdClass\":0:{}a:1:{i:0;N;}a:1:{i:0;N;}a:0:{}a:1:{i:0;a:1:{i:0;N;}}"), options, null, 0);
        for (int i = 0; i < 2; i++)
        {
            Assert.True(parser.TryReadObjectStart(out _, out int n));
            Assert.True(parser.TryReadObjectEnd(n));
        }
        for (int i = 0; i < 2; i++)
        {
            Assert.True(parser.TryReadArrayStart(out int n));
            Assert.True(parser.TryReadListKey(0));
            Assert.True(parser.TryReadNull());
            Assert.True(parser.TryReadEnd(n));
        }
        Assert.True(parser.TryReadArrayStart(out int empty));
        Assert.True(parser.TryReadEnd(empty));
        Assert.True(parser.TryReadArrayStart(out _)); // still at level 0
        Assert.True(parser.TryReadListKey(0));
        Assert.False(parser.TryReadArrayStart(out _)); // and nothing given back twice: level 1 is the limit
    }
}
