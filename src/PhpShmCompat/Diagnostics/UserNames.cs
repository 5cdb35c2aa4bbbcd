using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PhpShmCompat.Diagnostics;

/// <summary>
/// User and group names through the C library's NSS lookups (<c>getpwuid_r</c>,
/// <c>getgrgid_r</c>), so users and groups from LDAP or sssd show by name as <c>ls -l</c> and
/// <c>ipcs</c> show them, not only those in <c>/etc/passwd</c>. Answers are cached per id.
/// </summary>
internal static class UserNames
{
    private const int InitialBuffer = 1024;
    private const int MaxBuffer = 1 << 20;

    private static readonly ConcurrentDictionary<uint, string?> Users = new();
    private static readonly ConcurrentDictionary<uint, string?> Groups = new();

    /// <summary>The user's name, or null when NSS knows no user with this id.</summary>
    public static string? User(uint uid) => Users.GetOrAdd(uid, static id => Lookup(id, group: false));

    /// <summary>The group's name, or null when NSS knows no group with this id.</summary>
    public static string? Group(uint gid) => Groups.GetOrAdd(gid, static id => Lookup(id, group: true));

    private static unsafe string? Lookup(uint id, bool group)
    {
        // The record's strings live in the caller's buffer; ERANGE asks for a larger one.
        byte* record = stackalloc byte[Math.Max(Interop.Nss.PasswdSize, Interop.Nss.GroupSize)];
        for (int size = InitialBuffer; size <= MaxBuffer; size *= 4)
        {
            byte[] buffer = new byte[size];
            byte* result = null;
            int error;
            fixed (byte* b = buffer)
            {
                error = group
                    ? Interop.GetGrGidR(id, record, b, (nuint)size, &result)
                    : Interop.GetPwUidR(id, record, b, (nuint)size, &result);
                if (error == 0)
                    return result is null ? null : Marshal.PtrToStringUTF8(*(nint*)result);
            }
            if (error != Interop.Errno.ERANGE) return null;
        }
        return null;
    }
}
