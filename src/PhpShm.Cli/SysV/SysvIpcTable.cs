using System.Globalization;

namespace PhpShm.Cli.SysV;

/// <summary>
/// One row of <c>/proc/sysvipc/shm</c>, <c>msg</c> or <c>sem</c>: the kernel's own list of every
/// System V object in this IPC namespace, with named columns (the header line names them).
/// </summary>
internal sealed class SysvIpcRow
{
    private readonly Dictionary<string, string> _fields;

    public SysvIpcRow(Dictionary<string, string> fields) => _fields = fields;

    public long Get(string column)
        => _fields.TryGetValue(column, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException($"/proc/sysvipc: column '{column}' is missing or not a number");

    public long GetOrDefault(string column, long fallback = 0)
        => _fields.TryGetValue(column, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : fallback;

    /// <summary>The <c>perms</c> column, which the kernel prints in octal (with flag bits such as SHM_DEST above 0777).</summary>
    public int Perms
        => _fields.TryGetValue("perms", out string? text) ? ParseOctal(text) : throw new FormatException("/proc/sysvipc: column 'perms' is missing");

    private static int ParseOctal(string text)
    {
        int v = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '7' || v > 0x0FFFFFFF) throw new FormatException($"/proc/sysvipc: perms '{text}' is not octal");
            v = (v * 8) + (c - '0');
        }
        return v;
    }
}

/// <summary>Reads the kernel's System V object lists.</summary>
internal static class SysvIpcTable
{
    public const string ShmPath = "/proc/sysvipc/shm";
    public const string MsgPath = "/proc/sysvipc/msg";
    public const string SemPath = "/proc/sysvipc/sem";

    /// <summary>Parses a table file; a missing file (no /proc, no SysV IPC) is an OS error.</summary>
    public static List<SysvIpcRow> Read(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.OsError, $"cannot read {path} (System V IPC listing): {e.Message}", e);
        }
        return Parse(lines);
    }

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
