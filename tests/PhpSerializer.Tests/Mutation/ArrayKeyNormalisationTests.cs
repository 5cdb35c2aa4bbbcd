namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// PHP's integer-string rule for array keys (ZEND_HANDLE_NUMERIC_STR): a canonical decimal
/// within int64 becomes an int key; anything else stays a string, at every edge of the rule.
/// </summary>
public class ArrayKeyNormalisationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 7L)]
    [InlineData("10", 10L)]
    [InlineData("-5", -5L)]
    [InlineData("-1", -1L)]
    [InlineData("-10", -10L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775806", long.MaxValue - 1)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("-9223372036854775807", long.MinValue + 1)]
    public void CanonicalDecimalsWithinInt64AreIntKeys(string text, long value)
    {
        Assert.True(PhpArrayKey.TryParseCanonicalInt(System.Text.Encoding.ASCII.GetBytes(text), out long parsed));
        Assert.Equal(value, parsed);
        PhpArrayKey key = PhpArrayKey.FromString(text);
        Assert.True(key.IsInt);
        Assert.Equal(value, key.IntValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("-0")]
    [InlineData("00")]
    [InlineData("05")]
    [InlineData("-05")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("1-")]
    [InlineData("1.0")]
    [InlineData("9223372036854775808")]     // long.MaxValue + 1
    [InlineData("-9223372036854775809")]    // long.MinValue - 1
    [InlineData("18446744073709551615")]    // ulong.MaxValue
    [InlineData("18446744073709551616")]    // 2^64: would wrap to 0
    [InlineData("18446744073709551617")]    // 2^64 + 1: would wrap to 1
    [InlineData("-18446744073709551617")]
    [InlineData("99999999999999999999")]
    [InlineData("100000000000000000000")]   // 21 characters
    [InlineData("-100000000000000000000")]
    public void EverythingElseStaysAStringKey(string text)
    {
        Assert.False(PhpArrayKey.TryParseCanonicalInt(System.Text.Encoding.ASCII.GetBytes(text), out long parsed));
        Assert.Equal(0L, parsed);
        PhpArrayKey key = PhpArrayKey.FromString(text);
        Assert.True(key.IsString);
        Assert.Equal(text, key.StringValue);
    }
}
