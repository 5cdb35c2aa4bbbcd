using System.Runtime.InteropServices;
using PhpSerializer;

namespace PhpShmCompat.Fuzz;

/// <summary>
/// The message payload decoder over a raw <c>struct msgbuf</c> as <c>msgrcv</c> fills it:
/// 8 bytes of <c>mtype</c>, then the payload. The payload is decoded the way
/// <c>msg_receive(unserialize: true)</c> does -- one serialized value, trailing bytes ignored
/// -- and as PHP's unserialized scalar text. Only <see cref="PhpSerializationException"/> may
/// escape the decoder.
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
        try
        {
            PhpValue value = PhpSerialization.Unserialize(message.Payload, out int used);
            if (used <= 0 || used > message.Payload.Length)
                throw new FuzzInvariantException($"bytesConsumed {used} outside 1..{message.Payload.Length}");
            _ = PhpSerialization.Serialize(value);
        }
        catch (PhpSerializationException) { }
        guard.Check("decoding the message");
    }
}
