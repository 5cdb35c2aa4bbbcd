using PhpShm.Cli;

namespace PhpShm.Cli.Tests.Unit;

/// <summary>Key syntax, in process.</summary>
public sealed class KeyParserTests
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
        => Assert.Equal(expected, KeyParser.ParseIpcKey(text));

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("0x123456789")]
    [InlineData("4294967296")]
    [InlineData("-2147483649")]
    [InlineData("1e3")]
    [InlineData("ftok:")]
    [InlineData("ftok:/etc/passwd:")]
    [InlineData("ftok:/etc/passwd:AB")]
    [InlineData("ftok::A")]
    public void RejectsMalformedKeysWithExit2(string text)
        => Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => KeyParser.ParseIpcKey(text)).ExitCode);

    [Fact]
    public void FtokKeysEqualTheLibraryFtokAndAMissingFileIsExit1()
    {
        Assert.Equal(PhpShmCompat.Ftok.Compute("/etc/passwd", 'A'), KeyParser.ParseIpcKey("ftok:/etc/passwd:A"));
        Assert.Equal(ExitCodes.NotFound, Assert.Throws<CliException>(() => KeyParser.ParseIpcKey("ftok:/no/such/file:A")).ExitCode);
    }

    [Fact]
    public void ObjectKeysRefuseIpcPrivate()
        => Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => KeyParser.ParseObjectKey("0x0")).ExitCode);

    [Theory]
    [InlineData("7", 7L)]
    [InlineData("-9", -9L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("0xffffffffffffffff", -1L)]
    public void Parses64BitVariableKeys(string text, long expected) => Assert.Equal(expected, KeyParser.ParseVarKey(text));

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("x")]
    [InlineData("0x1ffffffffffffffff")]
    public void RejectsBadVariableKeys(string text)
        => Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => KeyParser.ParseVarKey(text)).ExitCode);
}
