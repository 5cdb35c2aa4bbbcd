using System.Text.Json;
using PhpSerializer;

namespace PhpShm.Cli.Values;

/// <summary>
/// Maps JSON input to a PHP value as <c>json_decode($json, true)</c> does: objects become
/// string-keyed arrays (canonical integer keys become int keys, as in PHP), lists become
/// lists, integers int (beyond 64 bits: float, as PHP), other numbers float. The one extension:
/// <c>{"$binary":"base64"}</c> is a binary string, so <c>get --format json</c> output reads back.
/// </summary>
internal static class JsonToPhpValue
{
    /// <summary>Nesting limit (PHP's json_decode default depth is 512).</summary>
    public const int MaxDepth = 512;

    /// <summary>Parses <paramref name="utf8Json"/>; throws <see cref="CliException"/> (exit 2) when it is not valid JSON.</summary>
    public static PhpValue Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read()) throw CliException.BadInput("stdin holds no JSON value");
            PhpValue value = ReadValue(ref reader);
            if (reader.Read()) throw CliException.BadInput($"unexpected data after the JSON value at byte {reader.TokenStartIndex}");
            return value;
        }
        catch (JsonException e)
        {
            throw CliException.BadInput($"stdin is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw CliException.BadInput($"stdin is not valid JSON: {e.Message}", e);
        }
    }

    private static PhpValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return PhpNull.Instance;
            case JsonTokenType.True: return PhpBool.True;
            case JsonTokenType.False: return PhpBool.False;
            case JsonTokenType.Number: return ReadNumber(ref reader);
            case JsonTokenType.String: return PhpString.FromOwnedBytes(UnescapedBytes(ref reader));
            case JsonTokenType.StartArray:
            {
                var list = new PhpArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) list.Add(ReadValue(ref reader));
                return list;
            }
            case JsonTokenType.StartObject:
                return ReadObject(ref reader);
            default:
                throw CliException.BadInput($"unexpected JSON token {reader.TokenType} at byte {reader.TokenStartIndex}");
        }
    }

    private static PhpValue ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out long l)) return new PhpInt(l);
        return new PhpFloat(reader.GetDouble()); // fractions, exponents and integers beyond int64, as json_decode
    }

    private static PhpValue ReadObject(ref Utf8JsonReader reader)
    {
        var array = new PhpArray();
        long start = reader.TokenStartIndex;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            byte[] name = UnescapedBytes(ref reader);
            reader.Read();
            PhpValue value = ReadValue(ref reader);
            array.Set(PhpArrayKey.FromString(name), value);
        }
        // {"$binary":"base64"} (exactly that one member) is a binary string.
        if (array.Count == 1 && array.TryGetValue(PhpArrayKey.FromString("$binary"), out PhpValue b64) && b64 is PhpString s)
        {
            byte[] bytes = new byte[s.Length];
            if (!Convert.TryFromBase64String(System.Text.Encoding.ASCII.GetString(s.Span), bytes, out int n))
                throw CliException.BadInput($"invalid base64 in the \"$binary\" object at byte {start}");
            return PhpString.FromOwnedBytes(bytes.AsSpan(0, n).ToArray());
        }
        // {"$float":"NAN"|"INF"|"-INF"|"-0"}: the floats JSON numbers cannot carry (what get --format json writes).
        if (array.Count == 1 && array.TryGetValue(PhpArrayKey.FromString("$float"), out PhpValue special) && special is PhpString f)
        {
            return f.Span switch
            {
                var t when t.SequenceEqual("NAN"u8) => new PhpFloat(double.NaN),
                var t when t.SequenceEqual("INF"u8) => new PhpFloat(double.PositiveInfinity),
                var t when t.SequenceEqual("-INF"u8) => new PhpFloat(double.NegativeInfinity),
                var t when t.SequenceEqual("-0"u8) => new PhpFloat(-0.0),
                _ => throw CliException.BadInput($"invalid \"$float\" object at byte {start}: expected NAN, INF, -INF or -0"),
            };
        }
        return array;
    }

    private static byte[] UnescapedBytes(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) return reader.ValueSpan.ToArray();
        return System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty);
    }
}
