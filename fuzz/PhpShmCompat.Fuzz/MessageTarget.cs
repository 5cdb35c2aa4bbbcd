using System.Runtime.InteropServices;
using PhpSerializer;

namespace PhpShmCompat.Fuzz;

/// <summary>
/// The message payload decoder over a raw <c>struct msgbuf</c> as <c>msgrcv</c> fills it:
/// 8 bytes of <c>mtype</c>, then the payload, decoded with <see cref="PhpMessage.GetValue"/> the
/// way <c>msg_receive(unserialize: true)</c> does (one serialized value, trailing bytes
/// ignored), with <see cref="PhpMessage.TryGetValue"/> and as text. Only
/// <see cref="PhpMessageCorruptedException"/> (carrying the raw message) may escape the
/// decoder, and TryGetValue must agree with it.
/// </summary>
internal sealed class MessageTarget : IFuzzTarget
{
    private const int MtypeSize = 8;

    public string Name => "message";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < MtypeSize) return; // msgrcv never returns fewer bytes than mtype
        var guard = AllocationGuard.Start(input.Length);
        long type = MemoryMarshal.Read<long>(input);
        var message = new PhpMessage(type, input[MtypeSize..].ToArray());
        _ = message.GetString();
        bool decoded;
        try
        {
            PhpValue value = message.GetValue();
            _ = PhpSerialization.Serialize(value);
            decoded = true;
        }
        catch (PhpMessageCorruptedException e)
        {
            if (!ReferenceEquals(e.RawMessage, message) || e.InnerException is not PhpSerializationException)
                throw new FuzzInvariantException("PhpMessageCorruptedException without the raw message or the serializer's reason");
            decoded = false;
        }
        if (message.TryGetValue(out _) != decoded) throw new FuzzInvariantException("TryGetValue disagrees with GetValue");
        guard.Check("decoding the message");
    }
}
