namespace PhpShmCompat.Tests.Keys;

/// <summary>The one key syntax shared by the tool and the hosting options.</summary>
public sealed class IpcKeyParserTests
{
    [Theory]
    [InlineData("1234", 1234)]
    [InlineData("-5", -5)]
    [InlineData("0x5a00beef", 0x5a00beef)]
    [InlineData("0XFFFFFFFF", -1)]
    [InlineData("4294967295", -1)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData(" 42 ", 42)]
    public void ParsesDecimalNegativeAndHex(string text, int expected)
    {
        Assert.Equal(expected, IpcKeyParser.Parse(text));
        Assert.True(IpcKeyParser.TryParse(text, out int key, out string? error));
        Assert.Equal(expected, key);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "expected decimal")]
    [InlineData("0x", "1 to 8 hex digits")]
    [InlineData("0x123456789", "1 to 8 hex digits")]
    [InlineData("4294967296", "expected decimal")]
    [InlineData("-2147483649", "expected decimal")]
    [InlineData("1e3", "expected decimal")]
    [InlineData("key:12", "ftok:PATH:C")]
    [InlineData("ftok:", "one-character project id")]
    [InlineData("ftok:/etc/passwd:", "one-character project id")]
    [InlineData("ftok:/etc/passwd:AB", "one-character project id")]
    [InlineData("ftok::A", "one-character project id")]
    [InlineData("ftok:/etc/passwd:\u0100", "single-byte")]
    public void RejectsMalformedKeysWithTheRuleBroken(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => IpcKeyParser.Parse(text));
        Assert.Contains(reason, ex.Message);
        Assert.Contains($"'{text}'", ex.Message);
        Assert.False(IpcKeyParser.TryParse(text, out _, out string? error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void FtokKeysEqualTheLibraryFtokAndAMissingFileIsNotFound()
    {
        Assert.Equal(Ftok.Compute("/etc/passwd", 'A'), IpcKeyParser.Parse("ftok:/etc/passwd:A"));
        Assert.Equal(Ftok.Compute("/etc/passwd", 'A'), IpcKeyParser.Parse(" ftok:/etc/passwd:A "));
        var ex = Assert.Throws<PhpIpcNotFoundException>(() => IpcKeyParser.Parse("ftok:/no/such/file:A"));
        Assert.Contains("/no/such/file", ex.Message);
        Assert.False(IpcKeyParser.TryParse("ftok:/no/such/file:A", out _, out string? error));
        Assert.Contains("/no/such/file", error);
        Assert.False(IpcKeyParser.TryParse(null, out _, out _));
    }

    [Fact]
    public void FormatsAsIpcsPrints() => Assert.Equal("0x5a00beef", IpcKeyParser.Format(0x5a00beef));
}
