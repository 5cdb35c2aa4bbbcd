using System.Globalization;
using PhpShmCompat.Diagnostics;

namespace PhpShm.Cli.SysV;

/// <summary>
/// User and group names for the ids the kernel reports, looked up through NSS (the library's
/// <c>getpwuid_r</c>/<c>getgrgid_r</c> calls), so LDAP and sssd accounts show by name too;
/// unknown ids print as numbers.
/// </summary>
internal sealed class UserDirectory
{
    private UserDirectory()
    {
    }

    public static UserDirectory Load() => new();

    public string UserName(long uid) => TryUserName(uid) ?? uid.ToString(CultureInfo.InvariantCulture);

    public string GroupName(long gid) => TryGroupName(gid) ?? gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name when known, else null (for JSON, where the number is given separately).</summary>
    public string? TryUserName(long uid) => uid is >= 0 and <= uint.MaxValue ? UserNames.User((uint)uid) : null;

    /// <summary>The group name when known, else null.</summary>
    public string? TryGroupName(long gid) => gid is >= 0 and <= uint.MaxValue ? UserNames.Group((uint)gid) : null;
}
