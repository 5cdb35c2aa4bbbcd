using System.Globalization;
using System.Text.Json;
using PhpShm.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PhpShm.Cli.Watch;

/// <summary>What <c>watch</c> draws (the same renderable for the live display and <c>--once</c>) and its JSON lines.</summary>
internal static class WatchRendering
{
    private const int BarWidth = 30;

    /// <summary>A fill bar of '#' and '.', readable in a pipe as on a terminal.</summary>
    public static string Bar(double ratio)
    {
        int filled = (int)Math.Round(Math.Clamp(ratio, 0, 1) * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private static string Clock(DateTimeOffset t) => t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    public static IRenderable Segment(SegmentSnapshot s, TableBorder border, TimeSpan interval)
    {
        var rows = new List<IRenderable>
        {
            new Text(string.Create(CultureInfo.InvariantCulture, $"segment {KeyParser.Hex(s.Key)} (id {s.Id}), refreshed {Clock(s.Time)} every {interval.TotalSeconds:0.0#} s; q quits")),
        };
        if (s.Capacity is { } c)
        {
            rows.Add(new Text(string.Create(CultureInfo.InvariantCulture, $"fill {Bar(c.FillRatio)} {c.FillRatio * 100:0.0}%")));
            rows.Add(new Text(CapacityOutput.Line(c)));
        }
        if (s.Problem is not null) rows.Add(new Text("CORRUPT: " + s.Problem));
        var t = new Table { Border = border };
        foreach (string h in new[] { "VAR", "LENGTH", "TYPE", "VALUE", "CHANGE" }) t.AddColumn(new TableColumn(new Text(h)));
        foreach (WatchedVariable v in s.Variables)
            t.AddRow(new Text(v.Key.ToString(CultureInfo.InvariantCulture)), new Text(v.Length.ToString(CultureInfo.InvariantCulture)),
                new Text(v.Type), new Text(v.Value), new Text(ChangeText(v.Change)));
        foreach (long k in s.Removed)
            t.AddRow(new Text(k.ToString(CultureInfo.InvariantCulture)), new Text("-"), new Text("-"), new Text("-"), new Text("removed"));
        if (s.Variables.Count == 0 && s.Removed.Count == 0) t.AddRow(new Text("(no variables)"));
        rows.Add(t);
        return new Rows(rows);
    }

    public static IRenderable Queue(QueueSnapshot q, TableBorder border, TimeSpan interval)
    {
        double fill = q.MaxBytes > 0 ? (double)q.Bytes / q.MaxBytes : 0;
        string rate = q.RatePerSecond is double r ? string.Create(CultureInfo.InvariantCulture, $"{r:+0.0;-0.0;0.0}/s") : "-";
        var t = new Table { Border = border };
        t.AddColumn("FIELD");
        t.AddColumn("VALUE");
        t.AddRow("messages (depth)", q.Messages.ToString(CultureInfo.InvariantCulture));
        t.AddRow("depth rate", rate);
        t.AddRow("bytes", string.Create(CultureInfo.InvariantCulture, $"{q.Bytes} of {q.MaxBytes} (msg_qbytes)"));
        t.AddRow("last send", q.SendTime == 0 ? "never" : string.Create(CultureInfo.InvariantCulture, $"pid {q.LastSendPid} at {Clock(DateTimeOffset.FromUnixTimeSeconds(q.SendTime))}"));
        t.AddRow("last receive", q.ReceiveTime == 0 ? "never" : string.Create(CultureInfo.InvariantCulture, $"pid {q.LastReceivePid} at {Clock(DateTimeOffset.FromUnixTimeSeconds(q.ReceiveTime))}"));
        return new Rows(
            new Text(string.Create(CultureInfo.InvariantCulture, $"queue {KeyParser.Hex(q.Key)} (id {q.Id}), refreshed {Clock(q.Time)} every {interval.TotalSeconds:0.0#} s; q quits")),
            new Text(string.Create(CultureInfo.InvariantCulture, $"fill {Bar(fill)} {fill * 100:0.0}%")),
            t);
    }

    private static string ChangeText(Change c) => c switch { Change.New => "new", Change.Changed => "changed", _ => "" };

    public static void SegmentJson(Utf8JsonWriter w, SegmentSnapshot s)
    {
        w.WriteStartObject();
        w.WriteString("time", s.Time.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("kind", "segment");
        w.WriteNumber("key", s.Key);
        w.WriteString("keyHex", KeyParser.Hex(s.Key));
        w.WriteNumber("id", s.Id);
        if (s.Capacity is not null) CapacityOutput.Write(w, s.Capacity);
        if (s.Problem is not null) w.WriteString("problem", s.Problem);
        w.WriteStartArray("variables");
        foreach (WatchedVariable v in s.Variables)
        {
            w.WriteStartObject();
            w.WriteNumber("var", v.Key);
            w.WriteNumber("length", v.Length);
            w.WriteString("type", v.Type);
            w.WriteString("value", v.Value);
            w.WriteString("change", v.Change switch { Change.New => "new", Change.Changed => "changed", _ => "same" });
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("removed");
        foreach (long k in s.Removed) w.WriteNumberValue(k);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void QueueJson(Utf8JsonWriter w, QueueSnapshot q)
    {
        w.WriteStartObject();
        w.WriteString("time", q.Time.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("kind", "queue");
        w.WriteNumber("key", q.Key);
        w.WriteString("keyHex", KeyParser.Hex(q.Key));
        w.WriteNumber("id", q.Id);
        w.WriteNumber("messages", q.Messages);
        w.WriteNumber("bytes", q.Bytes);
        w.WriteNumber("maxBytes", q.MaxBytes);
        if (q.RatePerSecond is double r) w.WriteNumber("ratePerSecond", Math.Round(r, 3)); else w.WriteNull("ratePerSecond");
        w.WriteNumber("lastSendPid", q.LastSendPid);
        w.WriteNumber("lastReceivePid", q.LastReceivePid);
        w.WriteEndObject();
    }
}
