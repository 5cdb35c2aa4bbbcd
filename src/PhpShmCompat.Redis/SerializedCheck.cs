using PhpSerializer;

namespace PhpShmCompat.Redis;

/// <summary>What may enter a segment or a queue from Redis: one value PHP's <c>unserialize()</c> accepts, with nothing after it.</summary>
internal static class SerializedCheck
{
    /// <summary>True when <paramref name="bytes"/> is one valid value; otherwise <paramref name="why"/> says what is wrong and where.</summary>
    internal static bool IsOneValue(ReadOnlySpan<byte> bytes, out string? why)
    {
        try
        {
            PhpSerialization.Unserialize(bytes, out int consumed);
            why = consumed == bytes.Length ? null : $"{bytes.Length - consumed} bytes after the value (at offset {consumed})";
            return why is null;
        }
        catch (PhpSerializationException e)
        {
            why = "not valid serialize() output: " + e.Message;
            return false;
        }
    }
}
