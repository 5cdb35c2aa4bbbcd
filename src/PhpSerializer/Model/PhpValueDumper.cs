using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace PhpSerializer;

/// <summary><c>var_dump</c>-like rendering of value trees (cycle-safe; references shown with a leading <c>&amp;</c>).</summary>
internal static class PhpValueDumper
{
    public static string Dump(PhpValue value)
    {
        var sb = new StringBuilder();
        var ids = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var open = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Write(sb, value, 0, ids, open);
        return sb.ToString();
    }

    public static string Summary(PhpValue v) => v switch
    {
        PhpArray a => $"array({a.Count})",
        PhpObject o => $"object({EscapeBytes(o.ClassNameBytes)}) ({o.Count})",
        PhpSerializableObject c => $"object({EscapeBytes(c.ClassNameBytes)}) (Serializable, {c.Payload.Length} bytes)",
        PhpReference r => "&" + Summary(r.Value),
        _ => Dump(v).TrimEnd(),
    };

    public static string PropertyLabel(PhpProperty p)
    {
        if (p.Key.IsInt) return $"[\"{p.Key.IntValue.ToString(CultureInfo.InvariantCulture)}\"]";
        string name = EscapeBytes(p.NameBytes);
        return p.Visibility switch
        {
            PhpVisibility.Protected => $"[\"{name}\":protected]",
            PhpVisibility.Private => $"[\"{name}\":\"{EscapeText(p.DeclaringClass!)}\":private]",
            _ => $"[\"{name}\"]",
        };
    }

    private static void Write(StringBuilder sb, PhpValue v, int indent, Dictionary<object, int> ids, HashSet<object> open)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        sb.Append(' ', indent);
        switch (v)
        {
            case PhpNull:
                sb.Append("NULL\n");
                break;
            case PhpBool b:
                sb.Append(b.Value ? "bool(true)\n" : "bool(false)\n");
                break;
            case PhpInt i:
                sb.Append("int(").Append(i.Value.ToString(CultureInfo.InvariantCulture)).Append(")\n");
                break;
            case PhpFloat f:
                sb.Append("float(").Append(PhpFloatFormatter.ToPhpString(f.Value)).Append(")\n");
                break;
            case PhpString s:
                sb.Append("string(").Append(s.Length).Append(") \"").Append(EscapeBytes(s.Span)).Append("\"\n");
                break;
            case PhpEnumCase e:
                sb.Append("enum(").Append(EscapeBytes(e.SerializedName).Replace(":", "::")).Append(")\n");
                break;
            case PhpSerializableObject c:
                sb.Append("object(").Append(EscapeBytes(c.ClassNameBytes)).Append(")#").Append(IdOf(c, ids))
                  .Append(" (Serializable) \"").Append(EscapeBytes(c.Payload)).Append("\"\n");
                break;
            case PhpReference r:
                sb.Length -= indent;
                sb.Append(' ', indent).Append('&');
                if (!Enter(sb, r, open)) break;
                var inner = new StringBuilder();
                Write(inner, r.Value, indent, ids, open);
                sb.Append(inner.ToString(indent, inner.Length - indent));
                open.Remove(r);
                break;
            case PhpArray a:
                if (!Enter(sb, a, open)) break;
                sb.Append("array(").Append(a.Count).Append(") {\n");
                foreach (var (key, value) in a) WriteEntry(sb, key.ToString(), value, indent, ids, open);
                Leave(sb, a, indent, open);
                break;
            case PhpObject o:
                if (!Enter(sb, o, open)) break;
                sb.Append("object(").Append(EscapeBytes(o.ClassNameBytes)).Append(")#").Append(IdOf(o, ids))
                  .Append(" (").Append(o.Count).Append(") {\n");
                foreach (var p in o.Properties) WriteEntry(sb, PropertyLabel(p), p.Value, indent, ids, open);
                Leave(sb, o, indent, open);
                break;
        }
    }

    // A container (or reference) already open further up is printed as *RECURSION*, as var_dump does.
    private static bool Enter(StringBuilder sb, object container, HashSet<object> open)
    {
        if (open.Add(container)) return true;
        sb.Append("*RECURSION*\n");
        return false;
    }

    private static void WriteEntry(StringBuilder sb, string label, PhpValue value, int indent, Dictionary<object, int> ids, HashSet<object> open)
    {
        sb.Append(' ', indent + 2).Append(label).Append("=>\n");
        Write(sb, value, indent + 2, ids, open);
    }

    private static void Leave(StringBuilder sb, object container, int indent, HashSet<object> open)
    {
        sb.Append(' ', indent).Append("}\n");
        open.Remove(container);
    }

    private static int IdOf(object o, Dictionary<object, int> ids)
    {
        if (!ids.TryGetValue(o, out int id))
        {
            id = ids.Count + 1;
            ids.Add(o, id);
        }
        return id;
    }

    private static string EscapeText(string s) => EscapeBytes(Encoding.UTF8.GetBytes(s));

    /// <summary>Bytes as text: valid printable UTF-8 as is, backslash as <c>\\</c>, anything else as <c>\xNN</c>.</summary>
    public static string EscapeBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            if (b >= 0x20 && b < 0x7F)
            {
                if (b == (byte)'\\') sb.Append('\\');
                sb.Append((char)b);
                i++;
                continue;
            }
            if (b >= 0x80 && Rune.DecodeFromUtf8(bytes[i..], out var rune, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                i += consumed;
                continue;
            }
            sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            i++;
        }
        return sb.ToString();
    }
}
