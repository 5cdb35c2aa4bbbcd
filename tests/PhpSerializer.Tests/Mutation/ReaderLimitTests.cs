using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The limits of <see cref="PhpSerializerOptions"/> as the general reader applies them: exactly at
/// the limit is accepted, one past it is refused with the reason and offset; and the cap on
/// counting the values of nested <c>C:</c> payloads.
/// </summary>
public class ReaderLimitTests
{
    private static readonly PhpSerializerOptions ShortStrings = new() { MaxStringLength = 3 };
    private static readonly PhpSerializerOptions FewElements = new() { MaxElementCount = 2 };
    private static readonly PhpSerializerOptions Flat = new() { MaxDepth = 1 };
    private static readonly PhpSerializerOptions Unlimited = new() { MaxDepth = 0 };

    public static TheoryData<string, string, int, string> Refused() => new()
    {
        { nameof(ShortStrings), "s:4:\"abcd\";", 2, "String length 4 exceeds MaxStringLength 3" },
        { nameof(ShortStrings), "S:4:\"abcd\";", 2, "String length 4 exceeds MaxStringLength 3" },
        { nameof(ShortStrings), "O:4:\"ABCD\":0:{}", 2, "Class name length 4 exceeds MaxStringLength 3" },
        { nameof(ShortStrings), "C:1:\"A\":4:{abcd}", 11, "Payload length 4 exceeds MaxStringLength" },
        { nameof(FewElements), "a:3:{i:0;N;i:1;N;i:2;N;}", 5, "Element count 3 exceeds MaxElementCount 2" },
        { nameof(FewElements), "O:1:\"A\":3:{s:1:\"a\";N;s:1:\"b\";N;s:1:\"c\";N;}", 9, "Element count 3 exceeds MaxElementCount 2" },
        { nameof(Flat), "a:1:{i:0;a:1:{i:0;N;}}", 14, "Maximum depth of 1 exceeded" },
        { nameof(Flat), "a:1:{i:0;O:1:\"A\":0:{}}", 20, "Maximum depth of 1 exceeded" },
    };

    public static TheoryData<string, string> Accepted() => new()
    {
        { nameof(ShortStrings), "s:3:\"abc\";" },
        { nameof(ShortStrings), "S:3:\"\\61bc\";" },
        { nameof(ShortStrings), "O:3:\"ABC\":0:{}" },
        { nameof(ShortStrings), "C:1:\"A\":3:{abc}" },
        { nameof(FewElements), "a:2:{i:0;N;i:1;N;}" },
        { nameof(FewElements), "O:1:\"A\":2:{s:1:\"a\";N;s:1:\"b\";N;}" },
        { nameof(Flat), "a:1:{i:0;a:0:{}}" },
        { nameof(Flat), "O:1:\"A\":1:{s:1:\"p\";a:0:{}}" },
        { nameof(Unlimited), "a:1:{i:0;O:1:\"A\":1:{s:1:\"p\";a:1:{i:0;N;}}}" },
    };

    private static PhpSerializerOptions Options(string name) => name switch
    {
        nameof(ShortStrings) => ShortStrings,
        nameof(FewElements) => FewElements,
        nameof(Flat) => Flat,
        _ => Unlimited,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void OnePastTheLimitIsRefusedWithTheReasonAndOffset(string options, string input, int offset, string reason)
    {
        var e = GeneralReader.Error(B(input), Options(options));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(offset, e.Offset);
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void ExactlyAtTheLimitIsAccepted(string options, string input)
    {
        PhpSerializerOptions o = Options(options);
        Assert.Equal(PhpSerialization.Serialize(PhpSerialization.Unserialize(B(input))), PhpSerialization.Serialize(GeneralReader.Read(B(input), o)));
    }

    // C:1:"A":n:{...} around "N;", levels deep: each level numbers itself and what its payload numbers.
    private static byte[] NestedPayloads(int levels)
    {
        string value = "N;";
        for (int i = 0; i < levels; i++) value = $"C:1:\"A\":{value.Length}:{{{value}}}";
        return B(value);
    }

    [Theory]
    [InlineData(62, 63)]
    [InlineData(63, 64)]
    [InlineData(64, 64)]
    [InlineData(70, 64)]
    public void PayloadsInsidePayloadsAreCountedTo64LevelsOnly(int levels, long payloadSlots)
    {
        var reader = new PhpSerializedReader(NestedPayloads(levels + 1));
        Assert.True(reader.Read());
        Assert.Equal(PhpTokenType.Serializable, reader.TokenType);
        Assert.Equal(payloadSlots, reader.PayloadSlotCount);
        Assert.Equal(1 + payloadSlots, reader.SlotCount);
    }
}
