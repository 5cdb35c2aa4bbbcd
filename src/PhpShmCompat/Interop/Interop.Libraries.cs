using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// Native calls into the C library, in the style of dotnet/runtime's <c>Interop.Sys</c>:
/// one small partial class file per group of calls (shm, sem, msg, ftok), all with
/// <c>LibraryImport</c> and <c>SetLastError = true</c>.
/// </summary>
internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>glibc's soname; <c>libc.so</c> is a linker script that dlopen cannot load.</summary>
        internal const string Libc = "libc.so.6";
    }

    /// <summary>errno values used by the IPC layer (Linux, all architectures).</summary>
    internal static class Errno
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int EINTR = 4;
        internal const int E2BIG = 7;
        internal const int EAGAIN = 11;
        internal const int ENOMEM = 12;
        internal const int EACCES = 13;
        internal const int EFAULT = 14;
        internal const int EEXIST = 17;
        internal const int EINVAL = 22;
        internal const int ENOSPC = 28;
        internal const int ERANGE = 34;
        internal const int EIDRM = 43;
        internal const int ENOMSG = 42;
        internal const int ECANCELED = 125;

        /// <summary>
        /// The errno the calling thread's last <c>SetLastError</c> native call left: the one place
        /// the IPC layer reads it (read it before any other native call can overwrite it).
        /// </summary>
        internal static int Last() => Marshal.GetLastPInvokeError();
    }

    /// <summary>IPC constants from glibc's headers.</summary>
    internal static class Ipc
    {
        internal const int IPC_PRIVATE = 0;
        internal const int IPC_CREAT = 0x200;
        internal const int IPC_EXCL = 0x400;
        internal const int IPC_NOWAIT = 0x800;
        internal const int IPC_RMID = 0;
        internal const int IPC_SET = 1;
        internal const int IPC_STAT = 2;
    }
}
