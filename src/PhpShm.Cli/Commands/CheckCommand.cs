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
        ShmValidationReport report = segment.Validate();
        var valueProblems = new List<Segments.Variable>();
        if (report.IsValid)
        {
            foreach (Segments.Variable v in Segments.ReadAll(segment))
                if (v.Error is not null) valueProblems.Add(v);
        }
        bool sound = report.IsValid && valueProblems.Count == 0;

        if (json) o.WriteJson(w => WriteJson(w, segment, report, valueProblems, sound));
        else WriteText(o.Text, segment, report, valueProblems, sound);
        return sound ? ExitCodes.Ok : ExitCodes.Corrupt;
    }

    private static void WriteText(TextWriter t, PhpSharedMemory segment, ShmValidationReport report, List<Segments.Variable> valueProblems, bool sound)
    {
        string head = report.Header is PhpShmHeader h
            ? string.Create(CultureInfo.InvariantCulture, $"header start {h.Start}, end {h.End}, free {h.Free}, total {h.Total}")
            : "no header";
        int problems = report.Problems.Count + valueProblems.Count;
        string tail = sound ? "" : string.Create(CultureInfo.InvariantCulture, $"; {problems} problem(s):");
        t.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(sound ? "OK" : "CORRUPT")}: segment {KeyParser.Hex(segment.Key)} (id {segment.Id}), {report.SegmentSize} bytes; {head}; {report.VariableCount} variable(s){tail}"));
        foreach (ShmProblem p in report.Problems) t.WriteLine($"  {p}");
        foreach (Segments.Variable v in valueProblems)
            t.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  variable {v.Key} ({v.Data.Length} bytes) is not valid serialize() data: {v.Error!.Message}"));
    }

    private static void WriteJson(Utf8JsonWriter w, PhpSharedMemory segment, ShmValidationReport report, List<Segments.Variable> valueProblems, bool sound)
    {
        w.WriteStartObject();
        w.WriteNumber("key", segment.Key);
        w.WriteString("keyHex", KeyParser.Hex(segment.Key));
        w.WriteNumber("id", segment.Id);
        w.WriteNumber("segmentSize", report.SegmentSize);
        w.WriteBoolean("valid", sound);
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
        foreach (ShmProblem p in report.Problems)
        {
            w.WriteStartObject();
            w.WriteString("field", p.Field);
            w.WriteNumber("offset", p.Offset);
            w.WriteString("value", p.Value);
            w.WriteString("expected", p.Expected);
            w.WriteEndObject();
        }
        foreach (Segments.Variable v in valueProblems)
        {
            w.WriteStartObject();
            w.WriteString("field", "variable.data");
            w.WriteNumber("var", v.Key);
            w.WriteNumber("length", v.Data.Length);
            w.WriteNumber("dataOffset", v.Error!.Offset);
            w.WriteString("message", v.Error.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
