using PhpSerializer;

namespace PhpShm.Cli.Values;

/// <summary>Turns stdin bytes into a value: validated <c>serialize()</c> data or JSON. Bad input is exit 2.</summary>
internal static class InputValue
{
    private static readonly PhpSerializerOptions Strict = new() { AllowTrailingBytes = false };

    /// <summary>Parses <paramref name="input"/> in <paramref name="format"/> ("serialized" or "json").</summary>
    public static PhpValue Parse(byte[] input, string format)
    {
        if (format == "json") return JsonToPhpValue.Parse(input);
        ReadOnlySpan<byte> data = TrimTrailingWhitespace(input);
        if (data.IsEmpty) throw CliException.BadInput("stdin is empty: expected PHP serialize() data");
        try
        {
            return PhpSerialization.Unserialize(data, Strict);
        }
        catch (PhpSerializationException e)
        {
            throw CliException.BadInput($"stdin is not valid PHP serialize() data: {e.Message}", e);
        }
    }

    /// <summary>A trailing newline (as <c>echo</c> adds) is not part of the value; any other trailing byte is an error.</summary>
    private static ReadOnlySpan<byte> TrimTrailingWhitespace(ReadOnlySpan<byte> data)
    {
        int end = data.Length;
        while (end > 0 && data[end - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') end--;
        return data[..end];
    }
}
