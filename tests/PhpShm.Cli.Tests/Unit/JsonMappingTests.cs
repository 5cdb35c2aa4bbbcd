using System.Buffers;
using System.Text;
using PhpSerializer;
using PhpShm.Cli.Values;

namespace PhpShm.Cli.Tests.Unit;

/// <summary>JSON in and out, and var_dump corner cases, in process.</summary>
public sealed class JsonMappingTests
{
    private static string Serialized(PhpValue v) => Encoding.UTF8.GetString(PhpSerialization.Serialize(v));

    [Fact]
    public void OutputJsonReadsBackToTheSameSerializedBytes()
    {
        const string original = """a:9:{i:0;d:1;i:1;d:-0;i:2;d:NAN;i:3;d:-INF;i:4;s:3:"ab\x";i:5;a:0:{}s:2:"05";i:5;i:9;a:2:{i:0;b:1;i:1;N;}s:1:"f";d:1.0E+25;}""";
        PhpValue value = PhpSerialization.Unserialize(Encoding.Latin1.GetBytes(original.Replace("\\x", "\xff")));
        string json = PhpValueJson.ToCompactString(value);
        PhpValue back = JsonToPhpValue.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(Encoding.Latin1.GetString(PhpSerialization.Serialize(value)), Encoding.Latin1.GetString(PhpSerialization.Serialize(back)));
        Assert.Contains("{\"$binary\":\"YWL/\"}", json);
        Assert.Contains("\"05\":5", json);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("[1,]")]
    [InlineData("{\"$binary\":\"***\"}")]
    [InlineData("{\"$float\":\"PI\"}")]
    [InlineData("1 2")]
    [InlineData("")]
    [InlineData("\"\\ud800\"")]
    public void MalformedJsonIsBadInput(string json)
        => Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => JsonToPhpValue.Parse(Encoding.UTF8.GetBytes(json))).ExitCode);

    [Fact]
    public void JsonNestingBeyond512IsRefusedNotAStackOverflow()
    {
        string deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => JsonToPhpValue.Parse(Encoding.ASCII.GetBytes(deep))).ExitCode);
        Assert.Equal("a:1:{i:0;a:0:{}}", Serialized(JsonToPhpValue.Parse("[[]]"u8)));
    }

    [Fact]
    public void CyclesPrintAsRecursionInJsonAndVarDump()
    {
        // $a = []; $a[0] = &$a;  serialize: a:1:{i:0;a:1:{i:0;R:2;}}
        PhpValue v = PhpSerialization.Unserialize("a:1:{i:0;a:1:{i:0;R:2;}}"u8);
        Assert.Contains("$recursion", PhpValueJson.ToCompactString(v));
        var buffer = new ArrayBufferWriter<byte>();
        VarDumpWriter.Write(buffer, v);
        Assert.Contains("*RECURSION*", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void SerializedInputAllowsATrailingNewlineOnly()
    {
        Assert.Equal("i:5;", Serialized(InputValue.Parse("i:5;\n"u8.ToArray(), "serialized")));
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => InputValue.Parse("i:5;x"u8.ToArray(), "serialized")).ExitCode);
        Assert.Equal(ExitCodes.BadInput, Assert.Throws<CliException>(() => InputValue.Parse("\n"u8.ToArray(), "serialized")).ExitCode);
    }
}
