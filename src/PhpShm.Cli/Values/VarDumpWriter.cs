using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using PhpSerializer;

namespace PhpShm.Cli.Values;

/// <summary>
/// Writes a value exactly as PHP 8's <c>var_dump()</c> prints it after <c>unserialize()</c> in a
/// fresh script: strings as raw bytes, floats with <c>serialize_precision = -1</c>, object
/// handles numbered from #1 in creation order, <c>&amp;</c> before referenced values and
/// <c>*RECURSION*</c> for cycles. Objects of classes other than <c>stdClass</c> print as PHP
/// prints them without the class loaded: <c>__PHP_Incomplete_Class</c> with the name as the
/// first property. Not PHP output: <c>C:</c> objects print as <c>object(Class)#n (Serializable) "payload"</c>.
/// </summary>
internal static class VarDumpWriter
{
    private static ReadOnlySpan<byte> IncompleteName => "__PHP_Incomplete_Class_Name"u8;

    public static void Write(IBufferWriter<byte> output, PhpValue value)
    {
        var state = new State(output);
        Number(state, value);
        WriteValue(state, value, 0, referenced: false);
    }

    private sealed class State(IBufferWriter<byte> output)
    {
        public IBufferWriter<byte> Out { get; } = output;
        public Dictionary<object, int> Handles { get; } = new(ReferenceEqualityComparer.Instance);
        public HashSet<object> Open { get; } = new(ReferenceEqualityComparer.Instance);
    }

    /// <summary>Assigns object handles in unserialize()'s creation order (document order, first occurrence).</summary>
    private static void Number(State state, PhpValue root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<PhpValue>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            PhpValue v = stack.Pop();
            if (v is PhpReference or PhpArray or PhpObject or PhpSerializableObject && !seen.Add(v)) continue;
            switch (v)
            {
                case PhpReference r:
                    stack.Push(r.Value);
                    break;
                case PhpArray a:
                    var entries = a.Entries;
                    for (int i = entries.Count - 1; i >= 0; i--) stack.Push(entries[i].Value);
                    break;
                case PhpObject o:
                    state.Handles.Add(o, state.Handles.Count + 1);
                    for (int i = o.Count - 1; i >= 0; i--) stack.Push(o.GetPropertyAt(i).Value);
                    break;
                case PhpSerializableObject c:
                    state.Handles.Add(c, state.Handles.Count + 1);
                    break;
            }
        }
    }

    private static void WriteValue(State s, PhpValue v, int indent, bool referenced)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (v is PhpReference r)
        {
            if (!s.Open.Add(r))
            {
                Line(s, indent, "*RECURSION*\n"u8);
                return;
            }
            WriteValue(s, r.Value, indent, referenced: true);
            s.Open.Remove(r);
            return;
        }
        Indent(s, indent);
        if (referenced) Raw(s, "&"u8);
        switch (v)
        {
            case PhpNull:
                Raw(s, "NULL\n"u8);
                break;
            case PhpBool b:
                Raw(s, b.Value ? "bool(true)\n"u8 : "bool(false)\n"u8);
                break;
            case PhpInt i:
                Raw(s, "int("u8); Number(s, i.Value); Raw(s, ")\n"u8);
                break;
            case PhpFloat f:
            {
                Span<byte> text = stackalloc byte[PhpFloatFormatter.MaxLength];
                Raw(s, "float("u8); Raw(s, text[..PhpFloatFormatter.Format(f.Value, text)]); Raw(s, ")\n"u8);
                break;
            }
            case PhpString str:
                Raw(s, "string("u8); Number(s, str.Length); Raw(s, ") \""u8); Raw(s, str.Span); Raw(s, "\"\n"u8);
                break;
            case PhpEnumCase e:
                Raw(s, "enum("u8); Text(s, e.ClassName); Raw(s, "::"u8); Text(s, e.CaseName); Raw(s, ")\n"u8);
                break;
            case PhpSerializableObject c:
                Raw(s, "object("u8); Raw(s, c.ClassNameBytes); Raw(s, ")#"u8); Number(s, s.Handles[c]);
                Raw(s, " (Serializable) \""u8); Raw(s, c.Payload); Raw(s, "\"\n"u8);
                break;
            case PhpArray a:
                if (!s.Open.Add(a))
                {
                    Raw(s, "*RECURSION*\n"u8);
                    break;
                }
                Raw(s, "array("u8); Number(s, a.Count); Raw(s, ") {\n"u8);
                foreach (var (key, value) in a)
                {
                    Indent(s, indent + 2);
                    if (key.IsInt) { Raw(s, "["u8); Number(s, key.IntValue); Raw(s, "]=>\n"u8); }
                    else { Raw(s, "[\""u8); Raw(s, key.StringBytes); Raw(s, "\"]=>\n"u8); }
                    WriteValue(s, value, indent + 2, referenced: false);
                }
                Line(s, indent, "}\n"u8);
                s.Open.Remove(a);
                break;
            case PhpObject o:
                WriteObject(s, o, indent);
                break;
        }
    }

    private static void WriteObject(State s, PhpObject o, int indent)
    {
        if (!s.Open.Add(o))
        {
            Raw(s, "*RECURSION*\n"u8);
            return;
        }
        bool incomplete = !o.ClassNameBytes.SequenceEqual("stdClass"u8);
        Raw(s, "object("u8);
        Raw(s, incomplete ? "__PHP_Incomplete_Class"u8 : o.ClassNameBytes);
        Raw(s, ")#"u8); Number(s, s.Handles[o]);
        Raw(s, " ("u8); Number(s, o.Count + (incomplete ? 1 : 0)); Raw(s, ") {\n"u8);
        if (incomplete)
        {
            Indent(s, indent + 2); Raw(s, "[\""u8); Raw(s, IncompleteName); Raw(s, "\"]=>\n"u8);
            Indent(s, indent + 2); Raw(s, "string("u8); Number(s, o.ClassNameBytes.Length); Raw(s, ") \""u8);
            Raw(s, o.ClassNameBytes); Raw(s, "\"\n"u8);
        }
        foreach (PhpProperty p in o.Properties)
        {
            Indent(s, indent + 2);
            if (p.Key.IsInt) { Raw(s, "[\""u8); Number(s, p.Key.IntValue); Raw(s, "\"]=>\n"u8); }
            else
            {
                Raw(s, "[\""u8); Raw(s, p.NameBytes); Raw(s, "\""u8);
                if (p.Visibility == PhpVisibility.Protected) Raw(s, ":protected"u8);
                else if (p.Visibility == PhpVisibility.Private) { Raw(s, ":\""u8); Raw(s, DeclaringClassBytes(p.Key.StringBytes)); Raw(s, "\":private"u8); }
                Raw(s, "]=>\n"u8);
            }
            WriteValue(s, p.Value, indent + 2, referenced: false);
        }
        Line(s, indent, "}\n"u8);
        s.Open.Remove(o);
    }

    /// <summary>The class of a mangled private name <c>\0Class\0name</c>.</summary>
    private static ReadOnlySpan<byte> DeclaringClassBytes(ReadOnlySpan<byte> mangled)
    {
        int end = mangled[1..].IndexOf((byte)0);
        return end < 0 ? default : mangled.Slice(1, end);
    }

    private static void Line(State s, int indent, ReadOnlySpan<byte> text)
    {
        Indent(s, indent);
        Raw(s, text);
    }

    private static void Indent(State s, int count)
    {
        Span<byte> span = s.Out.GetSpan(count);
        span[..count].Fill((byte)' ');
        s.Out.Advance(count);
    }

    private static void Raw(State s, ReadOnlySpan<byte> bytes) => s.Out.Write(bytes);

    private static void Text(State s, string text)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> span = s.Out.GetSpan(max);
        s.Out.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
    }

    private static void Number(State s, long value)
    {
        Span<byte> span = s.Out.GetSpan(24);
        value.TryFormat(span, out int n, default, CultureInfo.InvariantCulture);
        s.Out.Advance(n);
    }
}
