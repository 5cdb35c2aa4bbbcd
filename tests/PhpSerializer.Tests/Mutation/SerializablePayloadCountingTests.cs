using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The values inside a <c>C:</c> payload share the outer numbering, and whether the payload is
/// one readable value depends on the options' limits: the writer must count it under the
/// caller's options, as the reader with the same options does, or an <c>r:n</c> after it points
/// at another value.
/// </summary>
public class SerializablePayloadCountingTests
{
    private static PhpArray PayloadThenObjectTwice(string payload, PhpObject o)
        => PhpArray.List(new PhpSerializableObject("OldStyle", B(payload)), o, o);

    [Fact]
    public void APayloadTheOptionsRefuseIsCountedAsNoValuesAndTheRoundTripKeepsTheSharedObject()
    {
        // Five values in the payload, but an array of four elements is over the limit.
        var options = new PhpSerializerOptions { MaxElementCount = 3 };
        var o = new PhpObject("stdClass");
        byte[] bytes = PhpSerialization.Serialize(PayloadThenObjectTwice("a:4:{i:0;i:0;i:1;i:1;i:2;i:2;i:3;i:3;}", o), options);

        var back = (PhpArray)PhpSerialization.Unserialize(bytes, options);
        Assert.IsType<PhpObject>(back[1]);
        Assert.Same(back[1], back[2]);
    }

    [Fact]
    public void TheSamePayloadUnderTheDefaultOptionsCountsItsValuesAsPhpDoes()
    {
        var o = new PhpObject("stdClass");
        byte[] bytes = PhpSerialization.Serialize(PayloadThenObjectTwice("a:4:{i:0;i:0;i:1;i:1;i:2;i:2;i:3;i:3;}", o));

        byte[]? php = PhpFrames.PhpRoundTrip([bytes])[0];
        Assert.NotNull(php);
        Assert.Equal(S(php), S(bytes));
        var back = (PhpArray)PhpSerialization.Unserialize(bytes);
        Assert.Same(back[1], back[2]);
    }
}
