using System.Globalization;

namespace PhpShm.Cli.SysV;

/// <summary>User and group names from <c>/etc/passwd</c> and <c>/etc/group</c>; unknown ids print as numbers.</summary>
internal sealed class UserDirectory
{
    private readonly Dictionary<long, string> _users;
    private readonly Dictionary<long, string> _groups;

    private UserDirectory(Dictionary<long, string> users, Dictionary<long, string> groups)
    {
        _users = users;
        _groups = groups;
    }

    public static UserDirectory Load() => new(ReadIds("/etc/passwd"), ReadIds("/etc/group"));

    public string UserName(long uid) => _users.TryGetValue(uid, out string? name) ? name : uid.ToString(CultureInfo.InvariantCulture);

    public string GroupName(long gid) => _groups.TryGetValue(gid, out string? name) ? name : gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name when known, else null (for JSON, where the number is given separately).</summary>
    public string? TryUserName(long uid) => _users.GetValueOrDefault(uid);

    public string? TryGroupName(long gid) => _groups.GetValueOrDefault(gid);

    /// <summary>Reads "name:x:id:..." lines; the first name for an id wins, unreadable files give no names.</summary>
    private static Dictionary<long, string> ReadIds(string path)
    {
        var map = new Dictionary<long, string>();
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] f = line.Split(':');
                if (f.Length >= 3 && f[0].Length > 0 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out long id))
                    map.TryAdd(id, f[0]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No names: ids are shown as numbers.
        }
        return map;
    }
}
