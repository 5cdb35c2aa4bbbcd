using System.Collections;
using System.Reflection;

namespace PhpSerializer.Tests.Mapping;

/// <summary>
/// Deep equality of two .NET object graphs that also requires the same sharing: objects are
/// matched one-to-one, so a shared or cyclic reference in one graph must be shared the same way
/// in the other. Doubles compare bit-exactly (NaN equals NaN).
/// </summary>
internal static class GraphAssert
{
    public static void Equal(object? expected, object? actual)
    {
        var map = new Dictionary<object, object>(ReferenceEqualityComparer.Instance);
        string? diff = Compare(expected, actual, "$", map);
        Assert.True(diff is null, diff);
    }

    private static string? Compare(object? a, object? b, string path, Dictionary<object, object> map)
    {
        if (a is null || b is null) return a is null && b is null ? null : $"{path}: {Show(a)} vs {Show(b)}";
        if (a.GetType() != b.GetType()) return $"{path}: type {a.GetType()} vs {b.GetType()}";
        if (a is string or bool or Enum or PhpValue or decimal or float || (a.GetType().IsPrimitive && a is not double))
            return a.Equals(b) ? null : $"{path}: {Show(a)} vs {Show(b)}";
        switch (a)
        {
            case double x:
                return BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits((double)b) || (double.IsNaN(x) && double.IsNaN((double)b)) ? null : $"{path}: {x:R} vs {b:R}";
            case byte[] x:
                return x.AsSpan().SequenceEqual((byte[])b) ? null : $"{path}: bytes differ";
        }
        if (!a.GetType().IsValueType)
        {
            if (map.TryGetValue(a, out var mapped)) return ReferenceEquals(mapped, b) ? null : $"{path}: sharing differs";
            map[a] = b;
        }
        if (a is IDictionary da)
        {
            var db = (IDictionary)b;
            if (da.Count != db.Count) return $"{path}: count {da.Count} vs {db.Count}";
            var ka = da.Keys.Cast<object>().ToList();
            var kb = db.Keys.Cast<object>().ToList();
            for (int i = 0; i < ka.Count; i++)
            {
                if (!ka[i].Equals(kb[i])) return $"{path}: key #{i} {ka[i]} vs {kb[i]} (order matters)";
                string? d = Compare(da[ka[i]], db[kb[i]], $"{path}[{ka[i]}]", map);
                if (d is not null) return d;
            }
            return null;
        }
        if (a is IEnumerable ea)
        {
            var la = ea.Cast<object?>().ToList();
            var lb = ((IEnumerable)b).Cast<object?>().ToList();
            if (la.Count != lb.Count) return $"{path}: count {la.Count} vs {lb.Count}";
            for (int i = 0; i < la.Count; i++)
            {
                string? d = Compare(la[i], lb[i], $"{path}[{i}]", map);
                if (d is not null) return d;
            }
            return null;
        }
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public;
        foreach (var p in a.GetType().GetProperties(flags))
        {
            if (p.GetIndexParameters().Length > 0 || p.IsDefined(typeof(PhpIgnoreAttribute))) continue;
            string? d = Compare(p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}", map);
            if (d is not null) return d;
        }
        foreach (var f in a.GetType().GetFields(flags))
        {
            string? d = Compare(f.GetValue(a), f.GetValue(b), $"{path}.{f.Name}", map);
            if (d is not null) return d;
        }
        return null;
    }

    private static string Show(object? o) => o is null ? "null" : $"{o} ({o.GetType().Name})";
}
