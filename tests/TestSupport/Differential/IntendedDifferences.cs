using PhpSerializer;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>
/// Recognises the inputs on which the library differs from PHP on purpose (the table of
/// intended differences in docs/serializer.md): PHP's verdict is not compared for them, and
/// the differential tests count them apart.
/// </summary>
public static class IntendedDifferences
{
    private static ReadOnlySpan<byte> IncompleteClass => "__PHP_Incomplete_Class"u8;
    private static ReadOnlySpan<byte> IncompleteClassName => "__PHP_Incomplete_Class_Name"u8;

    /// <summary>
    /// Where PHP versions disagree with PHP 8.2, which the library follows: the difference between
    /// <paramref name="phpVersion"/> (MAJOR.MINOR) and 8.2 that <paramref name="input"/> falls under, or null.
    /// </summary>
    public static string? VersionDifference(byte[] input, string phpVersion)
    {
        if (phpVersion == "8.2") return null;
        // R: to the root value: PHP 8.2 writes the root once more and then N;, PHP 8.4 recurses
        // until its stack limit, PHP 7.4 writes r:/R: to the first copy.
        if (HasReferenceToRoot(input)) return "R: to the root value";
        if (phpVersion.StartsWith("7.", StringComparison.Ordinal))
        {
            // PHP 7 checks object headers less strictly: class names that start with a backslash,
            // any byte between the property count and the '{'. PHP 8 rejects both, as the library does.
            Verdict ours = LibraryVerdict.Of(input);
            if (ours.IsRejection && (ours.Detail.Contains("class name", StringComparison.Ordinal) || ours.Detail.Contains("property count", StringComparison.Ordinal)
                || ours.Detail.Contains("to open the object", StringComparison.Ordinal)))
                return "an object header PHP 7 reads leniently";
        }
        return null;
    }

    private static bool HasReferenceToRoot(byte[] input)
    {
        try
        {
            var reader = new PhpSerializedReader(input);
            while (reader.Read())
            {
                if (reader.TokenType is PhpTokenType.ValueReference or PhpTokenType.ObjectReference && reader.ReferenceId == 1) return true;
            }
        }
        catch (PhpSerializationException)
        {
        }
        return false;
    }

    /// <summary>The intended difference <paramref name="input"/> falls under, or null.</summary>
    public static string? Of(byte[] input, PhpSerializerOptions options)
    {
        bool unserializeClass = false, rootReference = false, anyReference = false, duplicateKey = false, incompleteNamed = false;
        bool afterMagicKey = false, magicHoldsContainer = false;
        // The keys of each open container, as PHP compares them (null: not tracked).
        var keys = new List<HashSet<string>>();
        // Per open container: is it an explicit __PHP_Incomplete_Class, has it the name property,
        // and how many properties it has.
        var open = new List<(bool Explicit, bool Named, int Count)>();
        try
        {
            var reader = new PhpSerializedReader(input, options);
            while (reader.Read())
            {
                if (afterMagicKey && reader.TokenType is not (PhpTokenType.StringKey or PhpTokenType.IntKey))
                {
                    magicHoldsContainer |= reader.TokenType is PhpTokenType.StartArray or PhpTokenType.StartObject;
                    afterMagicKey = false;
                }
                switch (reader.TokenType)
                {
                    case PhpTokenType.StartArray:
                        open.Add((false, false, 0));
                        keys.Add(new HashSet<string>());
                        break;
                    case PhpTokenType.StartObject:
                        {
                            ReadOnlySpan<byte> name = reader.ClassNameSpan;
                            foreach (PhpKnownClass known in options.KnownClasses)
                            {
                                if (known.HasUnserialize && System.Text.Ascii.EqualsIgnoreCase(name, System.Text.Encoding.UTF8.GetBytes(known.Name))) unserializeClass = true;
                            }
                            open.Add((System.Text.Ascii.EqualsIgnoreCase(name, IncompleteClass), false, 0));
                            keys.Add(new HashSet<string>());
                            break;
                        }
                    case PhpTokenType.StringKey:
                    case PhpTokenType.IntKey:
                        {
                            var top = open[^1];
                            bool named = reader.TokenType == PhpTokenType.StringKey && reader.GetBytes().AsSpan().SequenceEqual(IncompleteClassName);
                            open[^1] = (top.Explicit, top.Named || named, top.Count + 1);
                            incompleteNamed |= named;
                            afterMagicKey = named;
                            string id = reader.TokenType == PhpTokenType.IntKey ? reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : Convert.ToHexString(reader.GetBytes());
                            string alt = reader.TokenType == PhpTokenType.IntKey ? Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(id)) : (PhpArrayKey.FromString(reader.GetBytes()) is { IsInt: true } k ? k.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : id);
                            // Either spelling seen before: the same element in arrays, the same property in objects.
                            if (keys[^1].Contains(id) || keys[^1].Contains(alt)) duplicateKey = true;
                            keys[^1].Add(id);
                            keys[^1].Add(alt);
                            break;
                        }
                    case PhpTokenType.EndArray:
                        open.RemoveAt(open.Count - 1);
                        keys.RemoveAt(keys.Count - 1);
                        break;
                    case PhpTokenType.EndObject:
                        {
                            var (isExplicit, named, count) = open[^1];
                            open.RemoveAt(open.Count - 1);
                            keys.RemoveAt(keys.Count - 1);
                            if (isExplicit && !named && count > 0)
                                return "an explicit __PHP_Incomplete_Class object without __PHP_Incomplete_Class_Name keeps all its properties";
                            break;
                        }
                    case PhpTokenType.ValueReference:
                        anyReference = true;
                        if (reader.ReferenceId == 1) rootReference = true;
                        break;
                }
            }
        }
        catch (PhpSerializationException)
        {
            return null;
        }
        if ((rootReference && (unserializeClass || incompleteNamed)) || (anyReference && (duplicateKey || magicHoldsContainer)))
            return "R: where values PHP keeps but does not write (replaced by a duplicate key, a __PHP_Incomplete_Class_Name " +
                   "property, the data of a class with __unserialize()) decide how many places hold a reference";
        return null;
    }
}
