using System.Globalization;

namespace PhpShmCompat.Diagnostics;

/// <summary>
/// One row of <c>/proc/sysvipc/shm</c>, <c>msg</c> or <c>sem</c>: the kernel's own list of every
/// System V object in this IPC namespace, with named columns (the header line names them, so
/// columns a kernel adds or lacks never shift the others).
/// </summary>
internal sealed class SysvIpcRow
{
    private readonly Dictionary<string, string> _fields;

    public SysvIpcRow(Dictionary<string, string> fields) => _fields = fields;

    /// <summary>A numeric column; a missing or non-numeric one is a <see cref="FormatException"/>.</summary>
    public long Get(string column)
        => _fields.TryGetValue(column, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new FormatException($"/proc/sysvipc: column '{column}' is missing or not a number");

    /// <summary>A numeric column, or <paramref name="fallback"/> when the kernel does not print it.</summary>
    public long GetOrDefault(string column, long fallback = 0)
        => _fields.TryGetValue(column, out string? text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : fallback;

    /// <summary>The <c>perms</c> column, which the kernel prints in octal (with flag bits such as SHM_DEST above 0777).</summary>
    public int Perms
        => _fields.TryGetValue("perms", out string? text) ? ParseOctal(text) : throw new FormatException("/proc/sysvipc: column 'perms' is missing");

    /// <summary>The <c>key</c> column as the 32-bit key the kernel stores.</summary>
    public int Key => (int)Get("key");

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
