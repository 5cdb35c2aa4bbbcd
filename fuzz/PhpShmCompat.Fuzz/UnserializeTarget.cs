using PhpSerializer;

namespace PhpShmCompat.Fuzz;

/// <summary>
/// <c>PhpSerialization.Unserialize</c> on the raw input: it must return a value or throw
/// <see cref="PhpSerializationException"/>, within the allocation budget; a parsed value must
/// re-serialize to bytes that are a fixed point of unserialize + serialize.
/// </summary>
internal sealed class UnserializeTarget : IFuzzTarget
{
    public string Name => "unserialize";

    public void Run(ReadOnlySpan<byte> input)
    {
        var guard = AllocationGuard.Start(input.Length);
        PhpValue value;
        try
        {
            value = PhpSerialization.Unserialize(input);
        }
        catch (PhpSerializationException)
        {
            guard.Check("rejecting the input");
            return;
        }
        guard.Check("unserialize");

        byte[] once = PhpSerialization.Serialize(value);
        byte[] twice = PhpSerialization.Serialize(PhpSerialization.Unserialize(once));
        if (!once.AsSpan().SequenceEqual(twice))
            throw new FuzzInvariantException("serialize(unserialize(serialize(v))) differs from serialize(v)");
    }
}
