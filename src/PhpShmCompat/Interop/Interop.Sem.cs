using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>glibc's <c>struct sembuf</c> (6 bytes: num @0, op @2, flg @4).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SemBuf
    {
        internal ushort Num;
        internal short Op;
        internal short Flg;

        internal SemBuf(ushort num, short op, short flg)
        {
            Num = num;
            Op = op;
            Flg = flg;
        }
    }

    /// <summary><c>struct timespec</c> on 64-bit Linux (two 64-bit fields).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeSpec
    {
        internal long Seconds;
        internal long Nanoseconds;
    }

    /// <summary>sysvsem constants (glibc, all Linux architectures).</summary>
    internal static class Sem
    {
        internal const short SEM_UNDO = 0x1000;
        internal const int GETPID = 11;
        internal const int GETVAL = 12;
        internal const int GETALL = 13;
        internal const int GETNCNT = 14;
        internal const int SETVAL = 16;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "semget", SetLastError = true)]
    internal static partial int SemGet(int key, int nsems, int semflg);

    [LibraryImport(Libraries.Libc, EntryPoint = "semop", SetLastError = true)]
    internal static unsafe partial int SemOp(int semid, SemBuf* sops, nuint nsops);

    [LibraryImport(Libraries.Libc, EntryPoint = "semtimedop", SetLastError = true)]
    internal static unsafe partial int SemTimedOp(int semid, SemBuf* sops, nuint nsops, TimeSpec* timeout);

    // semctl is variadic: the fourth argument is a union semun passed by value. One overload per use.

    /// <summary><c>semctl</c> for commands without an argument (GETVAL, IPC_RMID).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "semctl", SetLastError = true)]
    internal static partial int SemCtl(int semid, int semnum, int cmd);

    /// <summary><c>semctl</c> with <c>semun.val</c> (SETVAL).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "semctl", SetLastError = true)]
    internal static partial int SemCtlVal(int semid, int semnum, int cmd, int val);

    /// <summary><c>semctl</c> with a pointer in <c>semun</c> (IPC_STAT buffer, GETALL array).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "semctl", SetLastError = true)]
    internal static unsafe partial int SemCtlPtr(int semid, int semnum, int cmd, void* arg);

    /// <summary><c>struct semid_ds</c> offsets as glibc lays it out on x86-64.</summary>
    private static class SemidDs
    {
        internal const int Size = 104;

        // ipc_perm (48 bytes) at offset 0.
        internal const int PermUid = 4;
        internal const int PermGid = 8;
        internal const int PermMode = 20;
        internal const int Otime = 48;
        internal const int Ctime = 64;
        internal const int Nsems = 80;
    }

    /// <summary>The fields of <c>semctl(IPC_STAT)</c> this library uses (the mode's permission bits only).</summary>
    internal readonly record struct SemStat(uint Uid, uint Gid, int Mode, long OperationTime, long ChangeTime, ulong SetSize);

    /// <summary><c>semctl(id, 0, IPC_STAT)</c>; returns 0 or the errno (the caller types the error).</summary>
    internal static unsafe int SemStatOrErrno(int semid, out SemStat stat)
    {
        byte* buffer = stackalloc byte[SemidDs.Size];
        new Span<byte>(buffer, SemidDs.Size).Clear();
        if (SemCtlPtr(semid, 0, Ipc.IPC_STAT, buffer) != 0)
        {
            stat = default;
            return Errno.Last();
        }
        var raw = new ReadOnlySpan<byte>(buffer, SemidDs.Size);
        stat = new SemStat(
            MemoryMarshal.Read<uint>(raw[SemidDs.PermUid..]),
            MemoryMarshal.Read<uint>(raw[SemidDs.PermGid..]),
            MemoryMarshal.Read<ushort>(raw[SemidDs.PermMode..]) & IpcPermissions.AllBits,
            MemoryMarshal.Read<long>(raw[SemidDs.Otime..]),
            MemoryMarshal.Read<long>(raw[SemidDs.Ctime..]),
            MemoryMarshal.Read<ulong>(raw[SemidDs.Nsems..]));
        return 0;
    }
}
