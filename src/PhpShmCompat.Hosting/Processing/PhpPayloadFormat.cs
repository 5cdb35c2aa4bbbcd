namespace PhpShmCompat.Hosting;

/// <summary>How <see cref="PhpMessageProcessor"/> reads payloads before calling the handler.</summary>
public enum PhpPayloadFormat
{
    /// <summary>
    /// PHP <c>serialize()</c> data, as <c>msg_send</c> sends by default: the processor unserializes
    /// each payload once (<see cref="ProcessPhpMessageEventArgs.Value"/>); one that is not valid
    /// goes to the error handler and the dead-letter queue without reaching the handler.
    /// </summary>
    Serialized = 0,

    /// <summary>Raw bytes (<c>msg_send(..., serialize: false)</c>): handed over unread.</summary>
    Raw = 1,
}
