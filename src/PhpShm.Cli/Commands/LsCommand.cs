using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PhpShm.Cli.SysV;
using PhpShmCompat;
using PhpShmCompat.Diagnostics;
using Spectre.Console;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm ls</c>: every System V segment, queue and semaphore set in this IPC namespace
/// (from <c>/proc/sysvipc</c>), with owners by name; segments are attached read-only to tell
/// whether they carry PHP's <c>PHP_SM</c> layout and how many variables.
/// </summary>
internal static class LsCommand
{
    private const int ShmDestFlag = 0x200; // SHM_DEST (01000): removed, waiting for the last detach

    public static Command Create(GlobalOptions g)
    {
        var stale = new Option<bool>("--stale") { Description = "Only objects whose creator and last users are gone (and for how long), and semaphores left held by a dead process" };
        var cmd = new Command("ls", "List shared memory segments, message queues and semaphore sets, with PHP's layout") { stale };
        cmd.SetAction(pr => GlobalOptions.Execute(o => pr.GetValue(stale) ? RunStale(o, pr.GetValue(g.Json)) : Run(o, pr.GetValue(g.Json))));
        return cmd;
    }

    /// <summary>What a read-only look at a segment found.</summary>
    /// <param name="Layout">"PHP_SM", "PHP_SM-corrupt", "raw" (no PHP header) or "unknown" (could not attach).</param>
    /// <param name="Variables">PHP_SM segments: how many variables.</param>
    /// <param name="Problem">Why the segment is corrupt or could not be read.</param>
    /// <param name="Capacity">Valid PHP_SM segments: room used and free.</param>
    /// <param name="IntSize">Valid PHP_SM segments: the PHP integer size the header was written with (8 by 64-bit PHP, 4 by 32-bit PHP).</param>
    internal sealed record SegmentLayout(string Layout, int? Variables, string? Problem, PhpShmCapacity? Capacity = null, int? IntSize = null);

    private static int Run(Output o, bool json)
    {
        var users = UserDirectory.Load();
        var shm = SysvIpcTable.Segments();
        var msg = SysvIpcTable.Queues();
        var sem = SysvIpcTable.SemaphoreSets();
        var layouts = shm.Select(r => Probe((int)r.Get("shmid"), (int)r.Get("key"))).ToList();

        if (json) o.WriteJson(w => WriteJson(w, users, shm, layouts, msg, sem));
        else WriteTables(o, users, shm, layouts, msg, sem);
        return ExitCodes.Ok;
    }

    private static int RunStale(Output o, bool json)
    {
        List<StaleObject> stale = StaleObjects.Find();
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("stale");
                foreach (StaleObject s in stale) StaleOutput.WriteJsonItem(w, s);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            StaleOutput.WriteTable(o, stale);
        }
        return ExitCodes.Ok;
    }

    /// <summary>Attaches read-only by id and looks for <c>PHP_SM</c>; never writes.</summary>
    internal static SegmentLayout Probe(int shmid, int key)
    {
        try
        {
            using var segment = PhpSharedMemory.OpenById(shmid, key, readOnly: true, Segments.Options);
            if (!segment.HasPhpMagic) return new SegmentLayout("raw", null, null);
            PhpShmValidationReport report = segment.Validate();
            int intSize = report.Layout == PhpShmLayout.Php32 ? 4 : 8;
            return report.IsValid
                ? new SegmentLayout("PHP_SM", report.VariableCount, null, segment.Capacity, intSize)
                : new SegmentLayout("PHP_SM-corrupt", report.VariableCount, report.Problems[0].ToString());
        }
        catch (PhpIpcException e)
        {
            return new SegmentLayout("unknown", null, e is PhpIpcPermissionException ? "no read permission" : e.Message);
        }
    }

    private static string Mode(int perms) => "0" + Convert.ToString(perms & 0x1FF, 8).PadLeft(3, '0');

    private static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static void WriteTables(Output o, UserDirectory users, List<SysvIpcRow> shm, List<SegmentLayout> layouts, List<SysvIpcRow> msg, List<SysvIpcRow> sem)
    {
        var console = o.Console;
        var t = NewTable(o, "Shared memory segments", "KEY", "ID", "OWNER", "MODE", "SIZE", "ATTACHED", "PHP");
        for (int i = 0; i < shm.Count; i++)
        {
            SysvIpcRow r = shm[i];
            SegmentLayout l = layouts[i];
            string php = l.Layout switch
            {
                "PHP_SM" => l.IntSize == 4 ? $"PHP_SM 32-bit, {l.Variables} var(s)" : $"PHP_SM, {l.Variables} var(s)",
                "PHP_SM-corrupt" => "PHP_SM, CORRUPT",
                "raw" => "-",
                _ => "?",
            };
            string mode = Mode(r.Perms) + ((r.Perms & ShmDestFlag) != 0 ? " dest" : "");
            AddRow(t, KeyParser.Hex((int)r.Get("key")), Num(r.Get("shmid")), Owner(users, r), mode, Num(r.Get("size")), Num(r.Get("nattch")), php);
        }
        Show(console, t, shm.Count);

        t = NewTable(o, "Message queues", "KEY", "ID", "OWNER", "MODE", "MESSAGES", "BYTES");
        foreach (SysvIpcRow r in msg)
            AddRow(t, KeyParser.Hex((int)r.Get("key")), Num(r.Get("msqid")), Owner(users, r), Mode(r.Perms), Num(r.Get("qnum")), Num(r.Get("cbytes")));
        Show(console, t, msg.Count);

        t = NewTable(o, "Semaphore sets", "KEY", "ID", "OWNER", "MODE", "NSEMS", "PHP");
        foreach (SysvIpcRow r in sem)
            AddRow(t, KeyParser.Hex((int)r.Get("key")), Num(r.Get("semid")), Owner(users, r), Mode(r.Perms), Num(r.Get("nsems")), r.Get("nsems") == 3 ? "sem_get set" : "-");
        Show(console, t, sem.Count);
    }

    private static string Owner(UserDirectory users, SysvIpcRow r) => $"{users.UserName(r.Get("uid"))}:{users.GroupName(r.Get("gid"))}";

    private static Table NewTable(Output o, string title, params string[] columns)
    {
        var t = new Table { Border = o.Border, Title = new TableTitle(title) };
        foreach (string c in columns) t.AddColumn(new TableColumn(new Text(c)));
        return t;
    }

    private static void AddRow(Table t, params string[] cells) => t.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());

    private static void Show(IAnsiConsole console, Table t, int rows)
    {
        if (rows == 0) t.AddRow(new Text("(none)"));
        console.Write(t);
    }

    private static void WriteJson(Utf8JsonWriter w, UserDirectory users, List<SysvIpcRow> shm, List<SegmentLayout> layouts, List<SysvIpcRow> msg, List<SysvIpcRow> sem)
    {
        w.WriteStartObject();
        w.WriteStartArray("segments");
        for (int i = 0; i < shm.Count; i++)
        {
            SysvIpcRow r = shm[i];
            SegmentLayout l = layouts[i];
            w.WriteStartObject();
            Common(w, users, r, "shmid");
            w.WriteNumber("size", r.Get("size"));
            w.WriteNumber("attachments", r.Get("nattch"));
            w.WriteNumber("creatorPid", r.GetOrDefault("cpid"));
            w.WriteNumber("lastPid", r.GetOrDefault("lpid"));
            w.WriteBoolean("destroyed", (r.Perms & ShmDestFlag) != 0);
            w.WriteString("layout", l.Layout);
            if (l.Variables is int n) w.WriteNumber("variables", n); else w.WriteNull("variables");
            if (l.IntSize is int size) w.WriteNumber("phpIntSize", size); else w.WriteNull("phpIntSize");
            if (l.Problem is not null) w.WriteString("problem", l.Problem);
            if (l.Capacity is not null) CapacityOutput.Write(w, l.Capacity);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("queues");
        foreach (SysvIpcRow r in msg)
        {
            w.WriteStartObject();
            Common(w, users, r, "msqid");
            w.WriteNumber("messages", r.Get("qnum"));
            w.WriteNumber("bytes", r.Get("cbytes"));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("semaphores");
        foreach (SysvIpcRow r in sem)
        {
            w.WriteStartObject();
            Common(w, users, r, "semid");
            w.WriteNumber("nsems", r.Get("nsems"));
            w.WriteBoolean("phpLayout", r.Get("nsems") == 3);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Common(Utf8JsonWriter w, UserDirectory users, SysvIpcRow r, string idColumn)
    {
        int key = (int)r.Get("key");
        w.WriteNumber("key", key);
        w.WriteString("keyHex", KeyParser.Hex(key));
        w.WriteNumber("id", r.Get(idColumn));
        long uid = r.Get("uid"), gid = r.Get("gid");
        w.WriteNumber("uid", uid);
        w.WriteString("owner", users.UserName(uid));
        w.WriteNumber("gid", gid);
        w.WriteString("group", users.GroupName(gid));
        w.WriteString("mode", Mode(r.Perms));
    }
}
