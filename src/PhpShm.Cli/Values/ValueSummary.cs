using PhpSerializer;

namespace PhpShm.Cli.Values;

/// <summary>Short type names and one-line renderings of values, for tables.</summary>
internal static class ValueSummary
{
    /// <summary>Longest value text shown in a table cell.</summary>
    public const int MaxCellLength = 100;

    /// <summary>PHP-like type name: null, bool, int, float, string, array, object(Class), enum(Class), serializable(Class).</summary>
    public static string TypeName(PhpValue value) => value.Dereference() switch
    {
        PhpNull => "null",
        PhpBool => "bool",
        PhpInt => "int",
        PhpFloat => "float",
        PhpString => "string",
        PhpArray a => $"array({a.Count})",
        PhpObject o => $"object({o.ClassName})",
        PhpEnumCase e => $"enum({e.ClassName})",
        PhpSerializableObject c => $"serializable({c.ClassName})",
        _ => value.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Compact JSON of the value, cut to <paramref name="max"/> characters with an ellipsis.</summary>
    public static string OneLine(PhpValue value, int max = MaxCellLength)
    {
        string text = PhpValueJson.ToCompactString(value);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
