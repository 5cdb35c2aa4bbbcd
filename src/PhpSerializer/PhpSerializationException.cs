namespace PhpSerializer;

/// <summary>
/// The one error type of this library: malformed or hostile input, a limit exceeded, or a
/// value that cannot be serialized. <see cref="Offset"/> is the byte offset of the problem
/// (in the input when reading, in the output when writing); -1 when no offset applies.
/// </summary>
public sealed class PhpSerializationException : Exception
{
    /// <summary>Creates the exception; the offset is appended to the message.</summary>
    public PhpSerializationException(string message, long offset, Exception? innerException = null)
        : base(offset >= 0 ? $"{message} (at byte offset {offset})" : message, innerException)
    {
        Offset = offset;
        Reason = message;
    }

    /// <summary>Byte offset of the problem, or -1.</summary>
    public long Offset { get; }

    /// <summary>The message without the offset.</summary>
    public string Reason { get; }
}
