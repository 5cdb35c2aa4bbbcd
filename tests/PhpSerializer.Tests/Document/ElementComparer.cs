namespace PhpSerializer.Tests.Document;

/// <summary>Compares what a <see cref="PhpElement"/> reads with the value model's tree, accessor by accessor.</summary>
internal static class ElementComparer
{
    /// <summary>The first difference (with its path), or null.</summary>
    public static string? Difference(PhpElement element, PhpValue value, string path) => Difference(element, value, path, new HashSet<PhpValue>(ReferenceEqualityComparer.Instance));

    private static string? Difference(PhpElement element, PhpValue value, string path, HashSet<PhpValue> seen)
    {
        value = value.Dereference();
        // Each container of the tree is compared once (cycles and shared objects come back to it).
        if (value is PhpArray or PhpObject && !seen.Add(value)) return null;
        if (element.Kind != value.Kind) return $"{path}: kind {element.Kind} vs {value.Kind}";
        switch (value)
        {
            case PhpInt i when element.GetInt64() != i.Value:
                return $"{path}: int {element.GetInt64()} vs {i.Value}";
            case PhpFloat f when BitConverter.DoubleToInt64Bits(element.GetDouble()) != BitConverter.DoubleToInt64Bits(f.Value):
                return $"{path}: float {element.GetDouble()} vs {f.Value}";
            case PhpBool b when element.GetBoolean() != b.Value:
                return $"{path}: bool";
            case PhpString s when !element.GetBytes().SequenceEqual(s.Span):
                return $"{path}: string bytes";
            case PhpArray a:
                {
                    if (element.GetCount() != a.Count) return $"{path}: count {element.GetCount()} vs {a.Count}";
                    int n = 0;
                    foreach (PhpElementEntry entry in element.EnumerateArray())
                    {
                        var (key, v) = (a.Entries[n].Key, a.Entries[n].Value);
                        if (!entry.Key.ToArrayKey().Equals(key)) return $"{path}: key #{n} {entry.Key} vs {key}";
                        string? d = Difference(entry.Value, v, $"{path}[{key}]", seen);
                        if (d is not null) return d;
                        // The lookup by key finds the same element.
                        bool found = key.IsInt ? element.TryGetValue(key.IntValue, out PhpElement byKey) : element.TryGetValue(key.StringBytes, out byKey);
                        if (!found) return $"{path}: lookup of {key} fails";
                        d = Difference(byKey, v, $"{path}[{key}] (lookup)", seen);
                        if (d is not null) return d;
                        n++;
                    }
                    return n == a.Count ? null : $"{path}: enumerated {n} of {a.Count}";
                }
            case PhpObject o:
                {
                    if (!element.GetClassNameBytes().SequenceEqual(o.ClassNameBytes)) return $"{path}: class {element.GetClassName()} vs {o.ClassName}";
                    if (element.GetCount() != o.Count) return $"{path}: count";
                    int n = 0;
                    foreach (PhpElementProperty property in element.EnumerateObject())
                    {
                        PhpProperty p = o.GetPropertyAt(n);
                        if (!property.Key.ToArrayKey().Equals(p.Key)) return $"{path}: property #{n} key";
                        if (property.Name != p.Name || property.Visibility != p.Visibility || property.DeclaringClass != p.DeclaringClass) return $"{path}: property #{n} visibility";
                        string? d = Difference(property.Value, p.Value, $"{path}->{p.Name}", seen);
                        if (d is not null) return d;
                        if (p.Key.IsString && !element.TryGetValue(p.Key.StringBytes, out _)) return $"{path}: lookup of property {p.Name} fails";
                        n++;
                    }
                    return null;
                }
        }
        return null;
    }
}
