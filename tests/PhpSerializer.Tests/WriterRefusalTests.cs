using System.Buffers;

namespace PhpSerializer.Tests;

/// <summary>A string the token writer refuses leaves it as it was: the value can still be written.</summary>
public class WriterRefusalTests
{
    [Fact]
    public void ARefusedStringDoesNotCountAsTheValue()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new PhpSerializedWriter(buffer, new PhpSerializerOptions { MaxStringLength = 3 });
        Assert.Throws<PhpSerializationException>(() => writer.WriteString("abcd"));
        Assert.Throws<PhpSerializationException>(() => writer.WriteString("abcd"u8));
        Assert.False(writer.IsComplete);
        writer.WriteString("abc");
        Assert.True(writer.IsComplete);
        Assert.Equal("s:3:\"abc\";", System.Text.Encoding.ASCII.GetString(buffer.WrittenSpan));
    }
}
