using System.Globalization;
using System.Text.Json;
using PhpShmCompat.Diagnostics;
using Spectre.Console;

namespace PhpShm.Cli.Commands;

/// <summary>How <c>ls --stale</c> and <c>rm --stale</c> print stale objects.</summary>
internal static class StaleOutput
{
    public static string KindName(IpcObjectKind kind) => kind switch
    {
        IpcObjectKind.Segment => "segment",
        IpcObjectKind.Queue => "queue",
        _ => "semaphores",
    };

    /// <summary>"3d 4h", "5m 2s": how long the object has been idle.</summary>
    public static string Age(long seconds)
    {
        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t.Hours}h"
            : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h {t.Minutes}m"
            : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m {t.Seconds}s"
            : $"{t.Seconds}s";
    }

    public static string Pids(StaleObject s) => s.Pids.Count == 0 ? "-" : string.Join(",", s.Pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    public static void WriteTable(Output o, IReadOnlyList<StaleObject> stale)
    {
        var t = new Table { Border = o.Border, Title = new TableTitle("Stale objects (creator and last users gone)") };
        foreach (string c in new[] { "KIND", "KEY", "ID", "GONE PIDS", "IDLE", "WHY" }) t.AddColumn(new TableColumn(new Text(c)));
        foreach (StaleObject s in stale)
            t.AddRow(new Text(KindName(s.Kind)), new Text(KeyParser.Hex(s.Key)), new Text(s.Id.ToString(CultureInfo.InvariantCulture)),
                new Text(Pids(s)), new Text(Age(s.IdleSeconds)), new Text(s.Reason));
        if (stale.Count == 0) t.AddRow(new Text("(none)"));
        o.Console.Write(t);
    }

    public static void WriteJsonItem(Utf8JsonWriter w, StaleObject s, bool? removed = null)
    {
        w.WriteStartObject();
        w.WriteString("kind", KindName(s.Kind));
        w.WriteNumber("key", s.Key);
        w.WriteString("keyHex", KeyParser.Hex(s.Key));
        w.WriteNumber("id", s.Id);
        w.WriteStartArray("gonePids");
        foreach (int p in s.Pids) w.WriteNumberValue(p);
        w.WriteEndArray();
        w.WriteNumber("idleSeconds", s.IdleSeconds);
        w.WriteBoolean("heldByDeadProcess", s.HeldByDeadProcess);
        w.WriteString("reason", s.Reason);
        if (removed is bool r) w.WriteBoolean("removed", r);
        w.WriteEndObject();
    }
}
