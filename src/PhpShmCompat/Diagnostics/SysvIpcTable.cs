namespace PhpShmCompat.Diagnostics;

/// <summary>
/// Reads the kernel's System V object lists (<c>/proc/sysvipc/{shm,msg,sem}</c>, what <c>ipcs</c>
/// prints): keys, ids, owners and creators, permissions, sizes, creator and last pids and times.
/// The one reader the tool and the tests share.
/// </summary>
internal static class SysvIpcTable
{
    public const string ShmPath = "/proc/sysvipc/shm";
    public const string MsgPath = "/proc/sysvipc/msg";
    public const string SemPath = "/proc/sysvipc/sem";

    /// <summary>Every shared memory segment (columns key, shmid, perms, size, cpid, lpid, nattch, uid, gid, cuid, cgid, atime, dtime, ctime, ...).</summary>
    public static List<SysvIpcRow> Segments() => Read(ShmPath);

    /// <summary>Every message queue (columns key, msqid, perms, cbytes, qnum, lspid, lrpid, uid, gid, cuid, cgid, stime, rtime, ctime).</summary>
    public static List<SysvIpcRow> Queues() => Read(MsgPath);

    /// <summary>Every semaphore set (columns key, semid, perms, nsems, uid, gid, cuid, cgid, otime, ctime).</summary>
    public static List<SysvIpcRow> SemaphoreSets() => Read(SemPath);

    /// <summary>The row of <paramref name="table"/> whose key is <paramref name="key"/>, or null.</summary>
    public static SysvIpcRow? Find(List<SysvIpcRow> table, int key) => table.Find(r => r.Key == key);

    /// <summary>The keys of every row of a table.</summary>
    public static HashSet<int> Keys(List<SysvIpcRow> table) => table.Select(r => r.Key).ToHashSet();

    /// <summary>True when a segment, queue or semaphore set exists under <paramref name="key"/> in this IPC namespace.</summary>
    public static bool AnyObjectUnder(int key)
        => Find(Segments(), key) is not null || Find(Queues(), key) is not null || Find(SemaphoreSets(), key) is not null;

    /// <summary>Parses a table file; a missing or unreadable file (no /proc, no System V IPC) is a <see cref="PhpIpcException"/>.</summary>
    public static List<SysvIpcRow> Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PhpIpcException($"cannot read {path} (System V IPC listing): {e.Message}", e);
        }
        return Parse(lines);
    }

    /// <summary>Parses the text of a table: a header line naming the columns, then one line per object.</summary>
    public static List<SysvIpcRow> Parse(IReadOnlyList<string> lines)
    {
        var rows = new List<SysvIpcRow>();
        if (lines.Count == 0) return rows;
        string[] header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < lines.Count; i++)
        {
            string[] cells = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length == 0) continue;
            var fields = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (int c = 0; c < header.Length && c < cells.Length; c++) fields[header[c]] = cells[c];
            rows.Add(new SysvIpcRow(fields));
        }
        return rows;
    }
}
