using System.Text;

namespace PhpShmCompat;

/// <summary>
/// One message taken from a <see cref="PhpMessageQueue"/>: its type and raw payload bytes.
/// Decode the payload as PHP <c>serialize()</c> data or read it as a PHP unserialized scalar.
/// </summary>
public sealed partial class PhpMessage
{
    /// <summary>Creates a message from a type and a payload (the array is kept, not copied).</summary>
    public PhpMessage(long type, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Type = type;
        Payload = payload;
    }

    /// <summary>The message type (<c>mtype</c>, always &gt; 0).</summary>
    public long Type { get; }

    /// <summary>The raw payload bytes as they were in the queue (possibly truncated by <see cref="PhpMessageReceiveFlags.NoError"/>).</summary>
    public byte[] Payload { get; }

    /// <summary>The payload as UTF-8 text (what PHP sent with <c>$serialize = false</c>).</summary>
    public string GetString() => Encoding.UTF8.GetString(Payload);
}
