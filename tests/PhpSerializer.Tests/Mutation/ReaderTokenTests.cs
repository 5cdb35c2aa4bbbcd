using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The token reader's public surface, token by token: which accessors each token answers (and
/// the error the others give), offsets, slot numbers, depth and the end of the value.
/// </summary>
public class ReaderTokenTests
{
    private delegate string Accessor(ref PhpSerializedReader reader);

    private static readonly (string Name, Accessor Get)[] Accessors =
    [
        ("ElementCount", (ref PhpSerializedReader r) => r.ElementCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("ReferenceId", (ref PhpSerializedReader r) => r.ReferenceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("GetInt64", (ref PhpSerializedReader r) => r.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("GetDouble", (ref PhpSerializedReader r) => r.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        ("GetBoolean", (ref PhpSerializedReader r) => r.GetBoolean() ? "true" : "false"),
        ("GetBytes", (ref PhpSerializedReader r) => S(r.GetBytes())),
        ("StringLength", (ref PhpSerializedReader r) => r.StringLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("CopyString", (ref PhpSerializedReader r) =>
        {
            byte[] buffer = new byte[8];
            buffer.AsSpan().Fill((byte)'.');
            int n = r.CopyString(buffer);
            return n + ":" + S(buffer);
        }),
    ];

    // Every accessor on the current token: "Name=value" where it answers; where it refuses, the
    // error must name the accessor and the token, at the token's start.
    private static string Describe(ref PhpSerializedReader reader)
    {
        var parts = new List<string>
        {
            $"{reader.TokenType} @{reader.TokenStartIndex}-{reader.BytesConsumed} #{reader.SlotNumber} of {reader.SlotCount} depth {reader.CurrentDepth}{(reader.IsFinished ? " finished" : "")}",
        };
        foreach (var (name, get) in Accessors)
        {
            try
            {
                parts.Add($"{name}={get(ref reader)}");
            }
            catch (PhpSerializationException e)
            {
                Assert.Equal($"{name} is not valid for token {reader.TokenType}", e.Reason);
                Assert.Equal(reader.TokenStartIndex, e.Offset);
            }
        }
        if (reader.TokenType is PhpTokenType.StartObject or PhpTokenType.Serializable) parts.Add($"class={S(reader.ClassNameSpan.ToArray())}");
        if (reader.TokenType is PhpTokenType.String or PhpTokenType.StringKey or PhpTokenType.EnumCase or PhpTokenType.Serializable)
            parts.Add($"span={S(reader.ValueSpan.ToArray())}{(reader.ValueIsEscaped ? " escaped" : "")}");
        if (reader.PayloadSlotCount != 0) parts.Add($"payload slots {reader.PayloadSlotCount}");
        return string.Join(" ", parts);
    }

    private static List<string> DescribeAll(string input)
    {
        var reader = new PhpSerializedReader(B(input));
        var seen = new List<string>();
        while (reader.Read()) seen.Add(Describe(ref reader));
        Assert.False(reader.Read()); // and stays finished
        Assert.True(reader.IsFinished);
        Assert.Equal(input.Length, reader.BytesConsumed);
        return seen;
    }

    [Fact]
    public void EachTokenAnswersItsOwnAccessorsAndRefusesTheOthersAtItsStart()
    {
        string input = "a:10:{i:0;b:1;i:-1;i:-7;s:1:\"k\";d:0.5;i:1;S:2:\"\\41b\";i:2;O:8:\"stdClass\":1:{s:1:\"p\";b:0;}"
            + "i:3;r:6;i:4;R:3;i:5;E:6:\"Suit:H\";s:0:\"\";s:0:\"\";i:6;C:3:\"Foo\":6:{a:0:{}}}";
        Assert.Equal(new[]
        {
            "StartArray @0-6 #1 of 1 depth 1 ElementCount=10",
            "IntKey @6-10 #0 of 1 depth 1 GetInt64=0",
            "Bool @10-14 #2 of 2 depth 1 GetBoolean=true",
            "IntKey @14-19 #0 of 2 depth 1 GetInt64=-1",
            "Int @19-24 #3 of 3 depth 1 GetInt64=-7",
            "StringKey @24-32 #0 of 3 depth 1 GetBytes=k StringLength=1 CopyString=1:k....... span=k",
            "Float @32-38 #4 of 4 depth 1 GetDouble=0.5",
            "IntKey @38-42 #0 of 4 depth 1 GetInt64=1",
            "String @42-53 #5 of 5 depth 1 GetBytes=Ab StringLength=2 CopyString=2:Ab...... span=\\41b escaped",
            "IntKey @53-57 #0 of 5 depth 1 GetInt64=2",
            "StartObject @57-75 #6 of 6 depth 2 ElementCount=1 class=stdClass",
            "StringKey @75-83 #0 of 6 depth 2 GetBytes=p StringLength=1 CopyString=1:p....... span=p",
            "Bool @83-87 #7 of 7 depth 2 GetBoolean=false",
            "EndObject @87-88 #0 of 7 depth 1",
            "IntKey @88-92 #0 of 7 depth 1 GetInt64=3",
            "ObjectReference @92-96 #8 of 8 depth 1 ReferenceId=6",
            "IntKey @96-100 #0 of 8 depth 1 GetInt64=4",
            "ValueReference @100-104 #0 of 8 depth 1 ReferenceId=3",
            "IntKey @104-108 #0 of 8 depth 1 GetInt64=5",
            "EnumCase @108-121 #9 of 9 depth 1 span=Suit:H",
            "StringKey @121-128 #0 of 9 depth 1 GetBytes= StringLength=0 CopyString=0:........ span=",
            "String @128-135 #10 of 10 depth 1 GetBytes= StringLength=0 CopyString=0:........ span=",
            "IntKey @135-139 #0 of 10 depth 1 GetInt64=6",
            "Serializable @139-159 #11 of 12 depth 1 class=Foo span=a:0:{} payload slots 1",
            "EndArray @159-160 #0 of 12 depth 0 finished",
        }, DescribeAll(input));
    }

    [Theory]
    [InlineData("N;", "Null @0-2 #1 of 1 depth 0 finished")]
    [InlineData("i:5;", "Int @0-4 #1 of 1 depth 0 finished GetInt64=5")]
    [InlineData("a:0:{}", "StartArray @0-5 #1 of 1 depth 0 ElementCount=0")]
    [InlineData("O:8:\"stdClass\":0:{}", "StartObject @0-18 #1 of 1 depth 1 ElementCount=0 class=stdClass")]
    public void ARootScalarIsFinishedAtOnceAndAnEmptyArrayCountsNoDepthUnlikeAnEmptyObject(string input, string first)
        => Assert.Equal(first, DescribeAll(input)[0]);

    [Fact]
    public void NestedContainersCountDepthOnlyWhenNonEmptyOrAnObject()
    {
        var depths = new List<string>();
        var reader = new PhpSerializedReader(B("a:2:{i:0;a:1:{i:0;a:0:{}}i:1;O:1:\"A\":0:{}}"));
        while (reader.Read()) depths.Add($"{reader.TokenType}:{reader.CurrentDepth}");
        Assert.Equal(new[]
        {
            "StartArray:1", "IntKey:1", "StartArray:2", "IntKey:2", "StartArray:2", "EndArray:2", "EndArray:1",
            "IntKey:1", "StartObject:2", "EndObject:1", "EndArray:0",
        }, depths);
    }

    [Fact]
    public void SkipMovesToTheEndOfTheCurrentContainerAndLeavesOtherTokensAlone()
    {
        var reader = new PhpSerializedReader(B("a:3:{i:0;O:1:\"A\":1:{s:1:\"p\";a:1:{i:0;N;}}i:1;i:7;i:2;a:0:{}}"));
        Assert.True(reader.Read());
        Assert.True(reader.Read()); // key 0
        reader.Skip(); // a key: nothing happens
        Assert.Equal(PhpTokenType.IntKey, reader.TokenType);
        Assert.Equal(9, reader.BytesConsumed);
        Assert.True(reader.Read());
        Assert.Equal(PhpTokenType.StartObject, reader.TokenType);
        reader.Skip();
        Assert.Equal(PhpTokenType.EndObject, reader.TokenType);
        Assert.Equal(1, reader.CurrentDepth);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.Equal(7, reader.GetInt64());
        reader.Skip(); // a scalar: nothing happens
        Assert.Equal(7, reader.GetInt64());
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        reader.Skip(); // an empty array: moves to its end
        Assert.Equal(PhpTokenType.EndArray, reader.TokenType);
        Assert.False(reader.IsFinished);
        Assert.True(reader.Read());
        Assert.Equal(PhpTokenType.EndArray, reader.TokenType);
        Assert.True(reader.IsFinished);
        reader.Skip(); // the end: nothing happens
        Assert.False(reader.Read());
    }

    [Fact]
    public void SlotNumbersCountValuesInsideAWellFormedPayloadOnly()
    {
        // a:2 (1), C: (2) whose payload numbers 2 values (3, 4), then the int is number 5.
        var reader = new PhpSerializedReader(B("a:2:{i:0;C:3:\"Foo\":16:{a:1:{i:0;a:0:{}}}i:1;i:9;}"));
        var slots = new List<string>();
        while (reader.Read()) slots.Add($"{reader.TokenType}#{reader.SlotNumber}/{reader.SlotCount}/{reader.PayloadSlotCount}");
        Assert.Equal(new[] { "StartArray#1/1/0", "IntKey#0/1/0", "Serializable#2/4/2", "IntKey#0/4/0", "Int#5/5/0", "EndArray#0/5/0" }, slots);

        Assert.Equal(0, PhpSerializedReader.CountPayloadSlots(B("a:0:{}x"), PhpSerializerOptions.Default)); // not one whole value
        Assert.Equal(0, PhpSerializedReader.CountPayloadSlots(B("a:1:{"), PhpSerializerOptions.Default)); // malformed
        Assert.Equal(0, PhpSerializedReader.CountPayloadSlots([], PhpSerializerOptions.Default));
        Assert.Equal(2, PhpSerializedReader.CountPayloadSlots(B("a:2:{i:0;N;i:1;R:5;}"), PhpSerializerOptions.Default)); // references are not checked: they may point outside
    }

    [Theory]
    [InlineData("s:3:\"abc\";")]
    [InlineData("S:3:\"\\61bc\";")]
    [InlineData("i:-7;")]
    [InlineData("d:0.5;")]
    [InlineData("E:11:\"Suit:Hearts\";")]
    public void ReadingAScalarTokenAllocatesNothing(string input)
    {
        byte[] bytes = B(input);
        static void ReadAll(byte[] bytes)
        {
            var reader = new PhpSerializedReader(bytes);
            while (reader.Read()) { }
        }
        ReadAll(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadAll(bytes);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
