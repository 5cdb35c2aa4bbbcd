using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm check KEY</c>: validates the header and every chunk against the kernel's segment
/// size, then every variable's bytes as <c>serialize()</c> data. Exit 0 when sound, 3 with
/// every problem listed when corrupt. Read-only.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var cmd = new Command("check", "Validate a sysvshm segment (header, chunks, values); exit 3 with a report when corrupt") { key };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(g.Json))));
        return cmd;
    }

    private static int Run(Output o, int key, bool json)
    {
        using PhpSharedMemory segment = Segments.OpenExisting(key, readOnly: true);
        // Layout first; when it is sound, every value is unserialized too (bad ones are chunk.data problems).
        PhpShmValidationReport report = segment.Validate(includeValues: true);
        bool sound = report.IsValid;

        if (json) o.WriteJson(w => WriteJson(w, segment, report, sound));
        else WriteText(o.Text, segment, report, sound);
        return sound ? ExitCodes.Ok : ExitCodes.Corrupt;
    }

    private static void WriteText(TextWriter t, PhpSharedMemory segment, PhpShmValidationReport report, bool sound)
    {
        string head = report.Header is PhpShmHeader h
            ? string.Create(CultureInfo.InvariantCulture, $"header start {h.Start}, end {h.End}, free {h.Free}, total {h.Total}{Segments.LayoutNote(report.Layout)}")
            : "no header";
        int problems = report.Problems.Count;
        string tail = sound ? "" : string.Create(CultureInfo.InvariantCulture, $"; {problems} problem(s):");
        t.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(sound ? "OK" : "CORRUPT")}: segment {KeyParser.Hex(segment.Key)} (id {segment.Id}), {report.SegmentSize} bytes; {head}; {report.VariableCount} variable(s){tail}"));
        foreach (PhpShmProblem p in report.Problems) t.WriteLine($"  {p}");
    }

    private static void WriteJson(Utf8JsonWriter w, PhpSharedMemory segment, PhpShmValidationReport report, bool sound)
    {
        w.WriteStartObject();
        w.WriteNumber("key", segment.Key);
        w.WriteString("keyHex", KeyParser.Hex(segment.Key));
        w.WriteNumber("id", segment.Id);
        w.WriteNumber("segmentSize", report.SegmentSize);
        w.WriteBoolean("valid", sound);
        w.WriteString("layout", Segments.LayoutName(report.Layout));
        if (report.Header is PhpShmHeader h)
        {
            w.WriteStartObject("header");
            w.WriteNumber("start", h.Start);
            w.WriteNumber("end", h.End);
            w.WriteNumber("free", h.Free);
            w.WriteNumber("total", h.Total);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("header");
        }
        w.WriteNumber("variables", report.VariableCount);
        w.WriteStartArray("problems");
        foreach (PhpShmProblem p in report.Problems)
        {
            w.WriteStartObject();
            w.WriteString("field", p.Field);
            w.WriteNumber("offset", p.Offset);
            w.WriteString("value", p.Value);
            w.WriteString("expected", p.Expected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
