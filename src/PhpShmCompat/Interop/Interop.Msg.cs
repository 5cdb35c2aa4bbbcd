using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>sysvmsg constants (glibc, all Linux architectures).</summary>
    internal static class Msg
    {
        internal const int MSG_NOERROR = 0x1000;
        internal const int MSG_EXCEPT = 0x2000;

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
    private static unsafe partial int MsgCtl(int msqid, int cmd, byte* buffer);

    /// <summary><c>struct msqid_ds</c> offsets on 64-bit Linux (x86-64 and the generic layout agree).</summary>
    private static class MsqidDs
    {
        internal const int Size = 120;

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
    }

    /// <summary>
    /// The fields of <c>msgctl(IPC_STAT)</c>, as the kernel gives them (the mode unmasked, as
    /// PHP's <c>msg_stat_queue()</c> reports it).
    /// </summary>
    internal readonly record struct MsgStat(
        uint Uid, uint Gid, ushort Mode, long SendTime, long ReceiveTime, long ChangeTime,
        long MessageCount, long MaxBytes, int LastSendPid, int LastReceivePid);

    /// <summary><c>msgctl(id, IPC_STAT)</c>; returns 0 or the errno (the caller types the error).</summary>
    internal static unsafe int MsgStatOrErrno(int msqid, out MsgStat stat)
    {
        byte* buffer = stackalloc byte[MsqidDs.Size];
        new Span<byte>(buffer, MsqidDs.Size).Clear();
        if (MsgCtl(msqid, Ipc.IPC_STAT, buffer) != 0)
        {
            stat = default;
            return Errno.Last();
        }
        var raw = new ReadOnlySpan<byte>(buffer, MsqidDs.Size);
        stat = new MsgStat(
            MemoryMarshal.Read<uint>(raw[MsqidDs.PermUid..]),
            MemoryMarshal.Read<uint>(raw[MsqidDs.PermGid..]),
            MemoryMarshal.Read<ushort>(raw[MsqidDs.PermMode..]),
            MemoryMarshal.Read<long>(raw[MsqidDs.Stime..]),
            MemoryMarshal.Read<long>(raw[MsqidDs.Rtime..]),
            MemoryMarshal.Read<long>(raw[MsqidDs.Ctime..]),
            MemoryMarshal.Read<long>(raw[MsqidDs.Qnum..]),
            MemoryMarshal.Read<long>(raw[MsqidDs.Qbytes..]),
            MemoryMarshal.Read<int>(raw[MsqidDs.Lspid..]),
            MemoryMarshal.Read<int>(raw[MsqidDs.Lrpid..]));
        return 0;
    }

    /// <summary>
    /// PHP's <c>msg_set_queue()</c> in two calls: <c>IPC_STAT</c>, then <c>IPC_SET</c> of the same
    /// buffer with the given fields replaced (null keeps a field). Returns 0, or the errno and in
    /// <paramref name="failedCall"/> which of the two calls failed.
    /// </summary>
    internal static unsafe int MsgSetOrErrno(int msqid, uint? uid, uint? gid, ushort? mode, long? maxBytes, out string failedCall)
    {
        byte* buffer = stackalloc byte[MsqidDs.Size];
        new Span<byte>(buffer, MsqidDs.Size).Clear();
        failedCall = "msgctl(IPC_STAT)";
        if (MsgCtl(msqid, Ipc.IPC_STAT, buffer) != 0) return Errno.Last();
        var raw = new Span<byte>(buffer, MsqidDs.Size);
        if (uid is uint u) MemoryMarshal.Write(raw[MsqidDs.PermUid..], in u);
        if (gid is uint g) MemoryMarshal.Write(raw[MsqidDs.PermGid..], in g);
        if (mode is ushort m) MemoryMarshal.Write(raw[MsqidDs.PermMode..], in m);
        if (maxBytes is long q) MemoryMarshal.Write(raw[MsqidDs.Qbytes..], in q);
        failedCall = "msgctl(IPC_SET)";
        return MsgCtl(msqid, Ipc.IPC_SET, buffer) != 0 ? Errno.Last() : 0;
    }

    /// <summary><c>msgctl(id, IPC_RMID)</c>; returns 0 or the errno.</summary>
    internal static unsafe int MsgRemoveOrErrno(int msqid)
        => MsgCtl(msqid, Ipc.IPC_RMID, null) != 0 ? Errno.Last() : 0;
}
