namespace PhpSerializer.Tests.Differential;

/// <summary>
/// Recognises the inputs on which the library differs from PHP on purpose (the table of
/// intended differences in docs/serializer.md): PHP's verdict is not compared for them, and
/// the differential tests count them apart.
/// </summary>
internal static class IntendedDifferences
{
    private static ReadOnlySpan<byte> IncompleteClass => "__PHP_Incomplete_Class"u8;
    private static ReadOnlySpan<byte> IncompleteClassName => "__PHP_Incomplete_Class_Name"u8;

    /// <summary>The intended difference <paramref name="input"/> falls under, or null.</summary>
    public static string? Of(byte[] input, PhpSerializerOptions options)
    {
        bool unserializeClass = false, rootReference = false, duplicateKey = false, incompleteNamed = false;
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
                switch (reader.TokenType)
                {
                    case PhpTokenType.StartArray:
                        open.Add((false, false, 0));
                        keys.Add(new HashSet<string>());
                        break;
                    case PhpTokenType.StartObject:
                        {
                            ReadOnlySpan<byte> name = reader.ClassNameSpan;
                            if (options.KnownClasses.Find(name) is { HasUnserialize: true }) unserializeClass = true;
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
                        if (reader.ReferenceId == 1) rootReference = true;
                        break;
                }
            }
        }
        catch (PhpSerializationException)
        {
            return null;
        }
        if (rootReference && (unserializeClass || duplicateKey || incompleteNamed))
            return "R: to the root value where values PHP keeps but does not write (replaced by a duplicate key, a " +
                   "__PHP_Incomplete_Class_Name property, the data of a class with __unserialize()) decide how many places hold it";
        return null;
    }
}
