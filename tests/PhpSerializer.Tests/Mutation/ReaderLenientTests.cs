using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// Forms PHP's <c>unserialize()</c> accepts although <c>serialize()</c> never writes them, read by
/// the general path: integers at and past the 64-bit range (PHP clamps them), signs and leading
/// zeros, <c>S:</c> escapes with every kind of hex digit, counts and lengths at the edge of what
/// the input holds, and references to the last value they may name. PHP writes each back.
/// </summary>
public class ReaderLenientTests
{
    // input -> what PHP 8.2's serialize(unserialize(input)) gives (checked against php below)
    public static TheoryData<string, string> Cases() => new()
    {
        { "i:9223372036854775807;", "i:9223372036854775807;" },
        { "i:9223372036854775808;", "i:9223372036854775807;" },
        { "i:-9223372036854775808;", "i:-9223372036854775808;" },
        { "i:-9223372036854775809;", "i:-9223372036854775808;" },
        { "i:1000000000000000000;", "i:1000000000000000000;" },
        { "i:-1000000000000000000;", "i:-1000000000000000000;" },
        { "i:9999999999999999999;", "i:9223372036854775807;" },
        { "i:10000000000000000000;", "i:9223372036854775807;" },
        { "i:-10000000000000000000;", "i:-9223372036854775808;" },
        { "i:000000000000000000000000000009223372036854775807;", "i:9223372036854775807;" },
        { "i:-0000000000000000000000001;", "i:-1;" },
        { "i:+0;", "i:0;" },
        { "a:1:{i:+5;N;}", "a:1:{i:5;N;}" },
        { "a:1:{i:-0;N;}", "a:1:{i:0;N;}" },
        { "O:8:\"stdClass\":1:{i:-0;N;}", "O:8:\"stdClass\":1:{s:1:\"0\";N;}" },
        { "O:8:\"stdClass\":+0:{}", "O:8:\"stdClass\":0:{}" },
        { "O:8:\"stdClass\":-0:{}", "O:8:\"stdClass\":0:{}" },
        { "S:6:\"\\09\\af\\AF\\Fa\\fA\\90\";", "s:6:\"\u0009\u00af\u00af\u00fa\u00fa\u0090\";" },
        { "S:3:\"a\\62c\";", "s:3:\"abc\";" },
        { "S:0:\"\";", "s:0:\"\";" },
        { "a:1:{S:2:\"\\6b\\79\";S:1:\"\\7A\";}", "a:1:{s:2:\"ky\";s:1:\"z\";}" },
        { "C:8:\"OldStyle\":2:{N;}", "C:8:\"OldStyle\":2:{N;}" },
        { "a:2:{i:0;N;i:1;R:2;}", "a:2:{i:0;N;i:1;R:2;}" },
        { "a:2:{i:0;O:1:\"A\":0:{}i:1;r:2;}", "a:2:{i:0;O:1:\"A\":0:{}i:1;r:2;}" },
        { "a:3:{i:0;O:1:\"A\":0:{}i:1;R:1;i:2;r:2;}", "a:3:{i:0;O:1:\"A\":0:{}i:1;N;i:2;r:2;}" },
    };

    [Theory]
    [InlineData("C:8:\"OldStyle\":0:{}")]
    [InlineData("C:8:\"OldStyle\"::{}")]
    public void AnEmptyPayloadIsAcceptedLikePhpAndKeptEmpty(string input)
    {
        // PHP hands the empty payload to OldStyle::unserialize(), which writes its own; the model keeps the bytes
        Assert.NotNull(PhpFrames.PhpRoundTrip([B(input)])[0]);
        Assert.Equal("C:8:\"OldStyle\":0:{}", S(GeneralReader.RoundTrip(B(input))));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheGeneralPathReadsItAsPhpDoes(string input, string written) => Assert.Equal(written, S(GeneralReader.RoundTrip(B(input))));

    [Fact]
    public void PhpWritesTheSameForEachOne()
    {
        var inputs = Cases().Select(r => B((string)r[0])).ToList();
        var php = PhpFrames.PhpRoundTrip(inputs);
        var expected = Cases().Select(r => (string)r[1]).ToList();
        for (int i = 0; i < inputs.Count; i++) Assert.True(php[i] is not null && S(php[i]!) == expected[i], $"input {S(inputs[i])}: php {(php[i] is null ? "rejects" : S(php[i]!))}");
    }
}
