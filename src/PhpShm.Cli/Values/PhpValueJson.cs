using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using PhpSerializer;

namespace PhpShm.Cli.Values;

/// <summary>
/// Writes a PHP value as JSON (documented in docs/cli.md):
/// null/bool/int as JSON; floats as numbers that always carry a dot or exponent (so they read
/// back as floats), <c>{"$float":"NAN"|"INF"|"-INF"}</c> otherwise; strings that are valid
/// UTF-8 as JSON strings, other strings as <c>{"$binary":"base64"}</c>; list arrays as JSON
/// arrays, other arrays as objects (keys as text), or as <c>{"$entries":[{"key":..,"value":..}]}</c>
/// when a key is not valid UTF-8; objects as <c>{"$object":"Class","properties":{..}}</c>
/// (mangled names of protected/private properties as PHP stores them);
/// <c>{"$enum":"Class::Case"}</c>; <c>{"$serializable":"Class","payload":..}</c>; references
/// as their value; a cycle as <c>{"$recursion":true}</c>.
/// </summary>
internal static class PhpValueJson
{
    public static void Write(Utf8JsonWriter json, PhpValue value)
    {
        var open = new HashSet<object>(ReferenceEqualityComparer.Instance);
        WriteValue(json, value, open);
    }

    /// <summary>A compact one-line JSON rendering, for table cells.</summary>
    public static string ToCompactString(PhpValue value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Output.JsonOptions.Encoder, MaxDepth = Output.MaxJsonDepth }))
        {
            Write(json, value);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes bytes as a JSON string when they are valid UTF-8, else as <c>{"$binary":base64}</c>.</summary>
    public static void WriteBytes(Utf8JsonWriter json, ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            json.WriteStringValue(bytes);
            return;
        }
        json.WriteStartObject();
        json.WriteBase64String("$binary", bytes);
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, PhpValue value, HashSet<object> open)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case PhpNull:
                json.WriteNullValue();
                break;
            case PhpBool b:
                json.WriteBooleanValue(b.Value);
                break;
            case PhpInt i:
                json.WriteNumberValue(i.Value);
                break;
            case PhpFloat f:
                WriteFloat(json, f.Value);
                break;
            case PhpString s:
                WriteBytes(json, s.Span);
                break;
            case PhpReference r:
                if (!Enter(json, r, open)) break;
                WriteValue(json, r.Value, open);
                open.Remove(r);
                break;
            case PhpArray a:
                if (!Enter(json, a, open)) break;
                WriteArray(json, a, open);
                open.Remove(a);
                break;
            case PhpObject o:
                if (!Enter(json, o, open)) break;
                json.WriteStartObject();
                json.WritePropertyName("$object"u8);
                WriteBytes(json, o.ClassNameBytes);
                json.WriteStartObject("properties"u8);
                foreach (PhpProperty p in o.Properties)
                {
                    WriteKeyName(json, p.Key);
                    WriteValue(json, p.Value, open);
                }
                json.WriteEndObject();
                json.WriteEndObject();
                open.Remove(o);
                break;
            case PhpEnumCase e:
                json.WriteStartObject();
                json.WriteString("$enum"u8, e.ClassName + "::" + e.CaseName);
                json.WriteEndObject();
                break;
            case PhpSerializableObject c:
                json.WriteStartObject();
                json.WritePropertyName("$serializable"u8);
                WriteBytes(json, c.ClassNameBytes);
                json.WritePropertyName("payload"u8);
                WriteBytes(json, c.Payload);
                json.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"unknown PHP value kind {value.Kind}");
        }
    }

    private static bool Enter(Utf8JsonWriter json, object node, HashSet<object> open)
    {
        if (open.Add(node)) return true;
        json.WriteStartObject();
        json.WriteBoolean("$recursion"u8, true);
        json.WriteEndObject();
        return false;
    }

    private static void WriteArray(Utf8JsonWriter json, PhpArray a, HashSet<object> open)
    {
        if (a.IsList)
        {
            json.WriteStartArray();
            foreach (var (_, v) in a) WriteValue(json, v, open);
            json.WriteEndArray();
            return;
        }
        bool textKeys = true;
        foreach (var (k, _) in a)
        {
            if (k.IsString && !Utf8.IsValid(k.StringBytes)) { textKeys = false; break; }
        }
        if (textKeys)
        {
            json.WriteStartObject();
            foreach (var (k, v) in a)
            {
                WriteKeyName(json, k);
                WriteValue(json, v, open);
            }
            json.WriteEndObject();
            return;
        }
        json.WriteStartObject();
        json.WriteStartArray("$entries"u8);
        foreach (var (k, v) in a)
        {
            json.WriteStartObject();
            json.WritePropertyName("key"u8);
            if (k.IsInt) json.WriteNumberValue(k.IntValue);
            else WriteBytes(json, k.StringBytes);
            json.WritePropertyName("value"u8);
            WriteValue(json, v, open);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteKeyName(Utf8JsonWriter json, PhpArrayKey key)
    {
        if (key.IsInt)
        {
            Span<byte> digits = stackalloc byte[24];
            key.IntValue.TryFormat(digits, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            json.WritePropertyName(digits[..n]);
        }
        else if (Utf8.IsValid(key.StringBytes))
        {
            json.WritePropertyName(key.StringBytes);
        }
        else
        {
            // Only object property names reach here (arrays switch to $entries): keep them lossless.
            json.WritePropertyName("$binary:" + Convert.ToBase64String(key.StringBytes));
        }
    }

    /// <summary>
    /// Floats always read back as floats: integral values carry ".0" (<c>1.0</c>); non-finite
    /// values and -0 are <c>{"$float":"NAN"|"INF"|"-INF"|"-0"}</c>.
    /// </summary>
    public static void WriteFloat(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value) || (value == 0 && double.IsNegative(value)))
        {
            json.WriteStartObject();
            json.WriteString("$float"u8, double.IsNaN(value) ? "NAN" : double.IsPositiveInfinity(value) ? "INF" : double.IsNegativeInfinity(value) ? "-INF" : "-0");
            json.WriteEndObject();
            return;
        }
        if (Math.Abs(value) < 1e20 && value == Math.Floor(value))
        {
            // The exact integer digits as a decimal with scale 1: 1 -> "1.0", 1e16 -> "10000000000000000.0".
            decimal exact = decimal.Parse(value.ToString("F0", CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            json.WriteNumberValue(exact + 0.0m);
            return;
        }
        json.WriteNumberValue(value); // shortest round-trip digits; has a '.' or an exponent here
    }
}
