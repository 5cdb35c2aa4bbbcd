using System.Text;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>PHP's unserialized scalar forms; the expected strings were printed by PHP 8.2's msg_send(serialize: false).</summary>
public class PhpScalarFormatTests
{
    [Theory]
    [InlineData(1.5, "1.500000")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(-0.0, "0.000000")]
    [InlineData(1e20, "100000000000000000000.000000")]
    [InlineData(0.1, "0.100000")]
    [InlineData(1e-7, "0.000000")]
    [InlineData(-1e-7, "-0.000000")]
    [InlineData(123456789.123456789, "123456789.123457")]
    [InlineData(2.5e-6, "0.000003")]
    [InlineData(5e-7, "0.000000")]
    [InlineData(1.5e-6, "0.000002")]
    public void FloatsUsePhpsPercentF(double value, string expected)
        => Assert.Equal(expected, Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(value)));

    [Fact]
    public void TheLargestDoubleFitsTheDocumentedMaximum()
    {
        byte[] text = PhpScalarFormat.ToBytes(-double.MaxValue);
        Assert.True(text.Length <= PhpScalarFormat.MaxFloatLength);
        Assert.Equal(309 + 1 + 7, text.Length);
    }

    [Fact]
    public void IntsAndBools()
    {
        Assert.Equal("-9223372036854775808", Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(long.MinValue)));
        Assert.Equal("1", Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(true)));
        Assert.Equal("0", Encoding.ASCII.GetString(PhpScalarFormat.ToBytes(false)));
        Assert.Equal("héllo"u8.ToArray(), PhpScalarFormat.ToBytes("héllo"));
    }

    [Fact]
    public void TooSmallDestinationsAreAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => PhpScalarFormat.Format(1.5, new byte[4]));
        Assert.Throws<ArgumentException>(() => PhpScalarFormat.Format(12345L, new byte[4]));
        Assert.Throws<ArgumentException>(() => PhpScalarFormat.Format(true, Span<byte>.Empty));
        Assert.Throws<ArgumentException>(() => PhpScalarFormat.Format(double.NaN, new byte[2]));
    }
}
