using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PhpShm.Cli.Values;
using PhpShmCompat;
using Spectre.Console;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm dump KEY</c>: header fields and every variable (key, length, type, value); read-only.</summary>
internal static class DumpCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var cmd = new Command("dump", "Show a sysvshm segment's header and every variable (read-only attach)") { key };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(g.Json))));
        return cmd;
    }

    private static int Run(Output o, int key, bool json)
    {
        using PhpSharedMemory segment = Segments.OpenExisting(key, readOnly: true);
        PhpShmHeader header = segment.Header;
        List<Segments.Variable> vars = Segments.ReadAll(segment);
        PhpShmCapacity capacity = segment.Capacity;
        if (json) o.WriteJson(w => WriteJson(w, segment, header, capacity, vars));
        else WriteText(o, segment, header, capacity, vars);

        Segments.Variable? bad = vars.FirstOrDefault(v => v.Error is not null);
        if (bad is null) return ExitCodes.Ok;
        o.Text.Flush();
        Console.Error.WriteLine($"phpshm: variable {bad.Key} in segment {KeyParser.Hex(key)} is not valid serialize() data: {bad.Error!.Message}");
        return ExitCodes.Corrupt;
    }

    private static void WriteText(Output o, PhpSharedMemory segment, PhpShmHeader h, PhpShmCapacity capacity, List<Segments.Variable> vars)
    {
        o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"segment {KeyParser.Hex(segment.Key)} (id {segment.Id}): {segment.SegmentSize} bytes; header start {h.Start}, end {h.End}, free {h.Free}, total {h.Total}{Segments.LayoutNote(segment.Layout)}; {vars.Count} variable(s)"));
        o.Text.WriteLine(CapacityOutput.Line(capacity));
        var t = new Table { Border = o.Border };
        t.AddColumn(new TableColumn(new Text("VAR")).RightAligned());
        t.AddColumn(new TableColumn(new Text("LENGTH")).RightAligned());
        t.AddColumn(new TableColumn(new Text("TYPE")));
        t.AddColumn(new TableColumn(new Text("VALUE")));
        foreach (Segments.Variable v in vars)
        {
            string type = v.Value is null ? "CORRUPT" : ValueSummary.TypeName(v.Value);
            string value = v.Value is null ? v.Error!.Message : ValueSummary.OneLine(v.Value);
            t.AddRow(new Text(v.Key.ToString(CultureInfo.InvariantCulture)), new Text(v.Data.Length.ToString(CultureInfo.InvariantCulture)), new Text(type), new Text(value));
        }
        if (vars.Count > 0) o.Console.Write(t);
    }

    private static void WriteJson(Utf8JsonWriter w, PhpSharedMemory segment, PhpShmHeader h, PhpShmCapacity capacity, List<Segments.Variable> vars)
    {
        w.WriteStartObject();
        w.WriteNumber("key", segment.Key);
        w.WriteString("keyHex", KeyParser.Hex(segment.Key));
        w.WriteNumber("id", segment.Id);
        w.WriteNumber("segmentSize", segment.SegmentSize);
        w.WriteString("layout", Segments.LayoutName(segment.Layout));
        w.WriteStartObject("header");
        w.WriteNumber("start", h.Start);
        w.WriteNumber("end", h.End);
        w.WriteNumber("free", h.Free);
        w.WriteNumber("total", h.Total);
        w.WriteEndObject();
        CapacityOutput.Write(w, capacity);
        w.WriteStartArray("variables");
        foreach (Segments.Variable v in vars)
        {
            w.WriteStartObject();
            w.WriteNumber("var", v.Key);
            w.WriteNumber("length", v.Data.Length);
            if (v.Value is not null)
            {
                w.WriteString("type", ValueSummary.TypeName(v.Value));
                w.WritePropertyName("value");
                PhpValueJson.Write(w, v.Value);
            }
            else
            {
                w.WriteString("type", "corrupt");
                w.WriteString("error", v.Error!.Message);
                w.WritePropertyName("raw");
                PhpValueJson.WriteBytes(w, v.Data);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
