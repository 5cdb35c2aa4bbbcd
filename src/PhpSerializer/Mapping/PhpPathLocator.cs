namespace PhpSerializer;

/// <summary>Finds the byte offset of the value at a key path (as recorded by <see cref="PhpReadContext"/>) by re-reading the input.</summary>
internal static class PhpPathLocator
{
    /// <summary>Offset of the value token at <paramref name="path"/>, or -1 when the path cannot be followed (for example through an <c>r:</c>).</summary>
    public static int Locate(ReadOnlySpan<byte> data, PhpSerializerOptions options, ReadOnlySpan<PhpArrayKey> path)
    {
        try
        {
            var reader = new PhpSerializedReader(data, options);
            if (!reader.Read()) return -1;
            int matched = 0;
            bool nextIsTarget = false;
            while (true)
            {
                if (reader.TokenType is not (PhpTokenType.StartArray or PhpTokenType.StartObject)) return -1;
                // inside the container matched so far: look for the key path[matched]
                while (true)
                {
                    if (!reader.Read()) return -1;
                    var token = reader.TokenType;
                    if (token is PhpTokenType.EndArray or PhpTokenType.EndObject) return -1;
                    if (token is PhpTokenType.IntKey or PhpTokenType.StringKey)
                    {
                        nextIsTarget = KeyMatches(ref reader, path[matched]);
                        continue;
                    }
                    if (nextIsTarget)
                    {
                        matched++;
                        nextIsTarget = false;
                        if (matched == path.Length) return reader.TokenStartIndex;
                        break; // descend into this value
                    }
                    reader.Skip();
                }
            }
        }
        catch (PhpSerializationException)
        {
            return -1;
        }
    }

    private static bool KeyMatches(ref PhpSerializedReader reader, PhpArrayKey wanted)
    {
        if (reader.TokenType == PhpTokenType.IntKey) return wanted.IsInt && wanted.IntValue == reader.GetInt64();
        byte[] bytes = reader.GetBytes();
        if (wanted.IsString && wanted.StringBytes.SequenceEqual(bytes)) return true;
        var normalised = PhpArrayKey.FromString(bytes);
        return normalised.Equals(wanted);
    }
}
