using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>sysvmsg constants and <c>struct msqid_ds</c> layout (glibc, 64-bit Linux).</summary>
    internal static class Msg
    {
        internal const int MSG_NOERROR = 0x1000;
        internal const int MSG_EXCEPT = 0x2000;

        /// <summary>Size of <c>struct msqid_ds</c> on 64-bit Linux (x86-64 and the generic layout agree).</summary>
        internal const int MsqidDsSize = 120;

        // ipc_perm (48 bytes) at offset 0.
        internal const int PermUid = 4;
        internal const int PermGid = 8;
        internal const int PermMode = 20;
        internal const int Stime = 48;
        internal const int Rtime = 56;
        internal const int Ctime = 64;
        internal const int Qnum = 80;
        internal const int Qbytes = 88;
        internal const int Lspid = 96;
        internal const int Lrpid = 100;

        /// <summary>The <c>mtype</c> field in front of every message (a C <c>long</c>).</summary>
        internal const int MtypeSize = 8;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "msgget", SetLastError = true)]
    internal static partial int MsgGet(int key, int msgflg);

    [LibraryImport(Libraries.Libc, EntryPoint = "msgsnd", SetLastError = true)]
    internal static unsafe partial int MsgSnd(int msqid, void* msgp, nuint msgsz, int msgflg);

    [LibraryImport(Libraries.Libc, EntryPoint = "msgrcv", SetLastError = true)]
    internal static unsafe partial nint MsgRcv(int msqid, void* msgp, nuint msgsz, nint msgtyp, int msgflg);

    [LibraryImport(Libraries.Libc, EntryPoint = "msgctl", SetLastError = true)]
    internal static unsafe partial int MsgCtl(int msqid, int cmd, void* buf);
}
