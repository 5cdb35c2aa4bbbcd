using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>
    /// <c>struct passwd</c> and <c>struct group</c> as glibc lays them out on 64-bit Linux: the
    /// name pointer is the first field of both. Only the name is read.
    /// </summary>
    internal static class Nss
    {
        internal const int PasswdSize = 48;
        internal const int GroupSize = 32;
    }

    /// <summary>
    /// <c>getpwuid_r</c>: looks the user up through NSS (files, LDAP, sssd, ... as
    /// <c>/etc/nsswitch.conf</c> says). Returns 0 or an error number; <paramref name="result"/> is
    /// null when there is no such user.
    /// </summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getpwuid_r")]
    internal static unsafe partial int GetPwUidR(uint uid, byte* pwd, byte* buffer, nuint length, byte** result);

    /// <summary><c>getgrgid_r</c>: the group counterpart of <see cref="GetPwUidR"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getgrgid_r")]
    internal static unsafe partial int GetGrGidR(uint gid, byte* grp, byte* buffer, nuint length, byte** result);
}
