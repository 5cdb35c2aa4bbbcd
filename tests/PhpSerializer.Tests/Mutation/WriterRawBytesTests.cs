using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The bytes <see cref="PhpSerializedWriter"/> copies as they are (a <c>C:</c> payload, the body
/// of a string over 64 KiB): counted in <see cref="PhpSerializedWriter.BytesWritten"/> and held to
/// the output limit before any of them reaches the output, like every other token.
/// </summary>
public class WriterRawBytesTests
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("a:1:{i:0;s:40:\"" + new string('p', 40) + "\";}");

    [Fact]
    public void APayloadAndALongStringBodyAreCountedInBytesWritten()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new PhpSerializedWriter(buffer);
        writer.WriteStartArray(2);
        writer.WriteInt(0);
        writer.WriteSerializable("OldStyle"u8, Payload);
        Assert.Equal(buffer.WrittenCount, writer.BytesWritten);
        writer.WriteInt(1);
        writer.WriteString(new byte[70_000]);
        Assert.Equal(buffer.WrittenCount, writer.BytesWritten);
        writer.WriteEndArray();
        Assert.Equal(buffer.WrittenCount, writer.BytesWritten);
        Assert.True(writer.IsComplete);
    }

    [Fact]
    public void APayloadPastTheOutputLimitIsRefusedBeforeAnyOfItIsWritten()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var header = Encoding.ASCII.GetBytes($"C:8:\"OldStyle\":{Payload.Length}:{{");
        var writer = new PhpSerializedWriter(buffer, new PhpSerializerOptions { MaxOutputBytes = header.Length + Payload.Length / 2 });

        var e = Assert.Throws<PhpSerializationException>(() => writer.WriteSerializable("OldStyle"u8, Payload));
        Assert.Contains("MaxOutputBytes", e.Message);
        Assert.Equal(header.Length, e.Offset);
        Assert.Equal(Encoding.ASCII.GetString(header), Encoding.ASCII.GetString(buffer.WrittenSpan));
        Assert.Equal(header.Length, writer.BytesWritten);
    }

    [Fact]
    public void ALongStringBodyPastTheOutputLimitIsRefusedBeforeAnyOfItIsWritten()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var header = Encoding.ASCII.GetBytes("s:70000:\"");
        var writer = new PhpSerializedWriter(buffer, new PhpSerializerOptions { MaxOutputBytes = 40_000 });

        var e = Assert.Throws<PhpSerializationException>(() => writer.WriteString(new byte[70_000]));
        Assert.Contains("MaxOutputBytes", e.Message);
        Assert.Equal(header.Length, e.Offset);
        Assert.Equal(header.Length, buffer.WrittenCount);
    }

    [Fact]
    public void ANullStringIsRefusedUnderItsOwnParameterName()
    {
        var writer = new PhpSerializedWriter(new ArrayBufferWriter<byte>());
        var e = Assert.Throws<ArgumentNullException>(() => writer.WriteString((string)null!));
        Assert.Equal("value", e.ParamName);
        Assert.Equal(0, writer.BytesWritten);
    }
}
