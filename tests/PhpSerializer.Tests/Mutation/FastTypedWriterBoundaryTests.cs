using System.Buffers;
using System.Text;
using PhpSerializer.Tests.Mapping;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The fast path for mapped .NET values on its own: a value larger than the first attempt's
/// scratch is still handled up to the options' output limit exactly, and one byte less is left
/// to the general path (which throws the limit exception). Its bytes are the general path's.
/// </summary>
public class FastTypedWriterBoundaryTests
{
    private static List<string> Large() => [new string('a', 3000), "b", new string('c', 9000), "", new string('d', 20_000)];

    private static PhpConverter<List<string>> Converter(PhpSerializerOptions options)
        => options.GetConverterCache().GetConverter<List<string>>();

    [Fact]
    public void ALargeMappedValueIsHandledUpToTheOutputLimitExactlyWithTheGeneralPathsBytes()
    {
        byte[] general = PhpSerialization.SerializeGeneral(Large());
        Assert.True(general.Length > 16_384);

        var exact = new PhpSerializerOptions { MaxOutputBytes = general.Length };
        byte[]? fast = FastTreeWriter.TrySerializeTyped(Large(), Converter(exact), exact);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(general), Encoding.Latin1.GetString(fast));

        var under = new PhpSerializerOptions { MaxOutputBytes = general.Length - 1 };
        Assert.Null(FastTreeWriter.TrySerializeTyped(Large(), Converter(under), under));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(Large(), under));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void ALargeMappedValueGoesIntoABufferWriterInOnePieceUpToTheOutputLimit(int initialCapacity)
    {
        byte[] general = PhpSerialization.SerializeGeneral(Large());

        var exact = new PhpSerializerOptions { MaxOutputBytes = general.Length };
        var output = new ArrayBufferWriter<byte>(initialCapacity);
        Assert.True(FastTreeWriter.TrySerializeTyped(output, Large(), Converter(exact), exact));
        Assert.Equal(Encoding.Latin1.GetString(general), Encoding.Latin1.GetString(output.WrittenSpan));

        var under = new PhpSerializerOptions { MaxOutputBytes = general.Length - 1 };
        var refused = new ArrayBufferWriter<byte>(initialCapacity);
        Assert.False(FastTreeWriter.TrySerializeTyped(refused, Large(), Converter(under), under));
        Assert.Equal(0, refused.WrittenCount);
    }

    // A mapped object is met once: handled; the same instance twice needs r:n, the general path.
    [Fact]
    public void AMappedObjectMetOnceIsHandledAndMetTwiceIsNot()
    {
        var options = new PhpSerializerOptions();
        var entity = new Entity { EntityId = 7, CreatedBy = "me", Note = "n" };
        byte[]? fast = FastTreeWriter.TrySerializeTyped(entity, options.GetConverterCache().GetConverter<Entity>(), options);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(PhpSerialization.SerializeGeneral(entity)), Encoding.Latin1.GetString(fast));

        List<Entity> twice = [entity, entity];
        Assert.Null(FastTreeWriter.TrySerializeTyped(twice, options.GetConverterCache().GetConverter<List<Entity>>(), options));
    }

    [Fact]
    public void ASmallMappedValueIsHandledInTheFirstAttempt()
    {
        var options = new PhpSerializerOptions();
        List<string> value = ["x", "yz"];
        byte[]? fast = FastTreeWriter.TrySerializeTyped(value, Converter(options), options);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(PhpSerialization.SerializeGeneral(value)), Encoding.Latin1.GetString(fast));
    }
}
