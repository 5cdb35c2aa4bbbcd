using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>Constants and struct offsets for the System V shared memory calls.</summary>
    internal static class ShmConst
    {
        /// <summary><c>shmat</c> flag: attach read-only.</summary>
        internal const int SHM_RDONLY = 0x1000;

        /// <summary>Size of <c>struct shmid_ds</c> on 64-bit Linux (x86-64 and aarch64).</summary>
        internal const int ShmidDsSize = 112;

        internal const int PermUidOffset = 4;
        internal const int PermGidOffset = 8;
        internal const int PermModeOffset = 20;
        internal const int SegszOffset = 48;
        internal const int CpidOffset = 80;
        internal const int LpidOffset = 84;
        internal const int NattchOffset = 88;
    }

    /// <summary>The fields of <c>shmctl(IPC_STAT)</c> this library uses.</summary>
    internal readonly record struct ShmStat(ulong SegmentSize, int Mode, uint Uid, uint Gid, int CreatorPid, ulong AttachCount, int LastPid = 0);

    [LibraryImport(Libraries.Libc, EntryPoint = "shmget", SetLastError = true)]
    internal static partial int ShmGet(int key, nuint size, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "shmat", SetLastError = true)]
    internal static partial nint ShmAt(int shmid, nint address, int flags);

    [LibraryImport(Libraries.Libc, EntryPoint = "shmdt", SetLastError = true)]
    internal static partial int ShmDt(nint address);

    [LibraryImport(Libraries.Libc, EntryPoint = "shmctl", SetLastError = true)]
    private static unsafe partial int ShmCtl(int shmid, int cmd, byte* buffer);

    /// <summary><c>shmctl(id, IPC_STAT)</c>; throws the <see cref="PhpIpcException"/> family on failure.</summary>
    internal static unsafe ShmStat ShmStatOrThrow(int shmid, int? key)
    {
        byte* buffer = stackalloc byte[ShmConst.ShmidDsSize];
        new Span<byte>(buffer, ShmConst.ShmidDsSize).Clear();
        if (ShmCtl(shmid, Ipc.IPC_STAT, buffer) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_STAT)", key);
        var raw = new ReadOnlySpan<byte>(buffer, ShmConst.ShmidDsSize);
        return new ShmStat(
            MemoryMarshal.Read<ulong>(raw[ShmConst.SegszOffset..]),
            MemoryMarshal.Read<ushort>(raw[ShmConst.PermModeOffset..]) & 0x1FF,
            MemoryMarshal.Read<uint>(raw[ShmConst.PermUidOffset..]),
            MemoryMarshal.Read<uint>(raw[ShmConst.PermGidOffset..]),
            MemoryMarshal.Read<int>(raw[ShmConst.CpidOffset..]),
            MemoryMarshal.Read<ulong>(raw[ShmConst.NattchOffset..]),
            MemoryMarshal.Read<int>(raw[ShmConst.LpidOffset..]));
    }

    /// <summary>
    /// <c>shmctl(id, IPC_SET)</c> of owner, group and permission bits (the only fields IPC_SET
    /// changes); the rest of the buffer comes from IPC_STAT. Throws the <see cref="PhpIpcException"/> family.
    /// </summary>
    internal static unsafe void ShmSetOwnerOrThrow(int shmid, int? key, uint uid, uint gid, int mode)
    {
        byte* buffer = stackalloc byte[ShmConst.ShmidDsSize];
        var raw = new Span<byte>(buffer, ShmConst.ShmidDsSize);
        raw.Clear();
        if (ShmCtl(shmid, Ipc.IPC_STAT, buffer) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_STAT)", key);
        MemoryMarshal.Write(raw[ShmConst.PermUidOffset..], in uid);
        MemoryMarshal.Write(raw[ShmConst.PermGidOffset..], in gid);
        ushort bits = (ushort)(mode & 0x1FF);
        MemoryMarshal.Write(raw[ShmConst.PermModeOffset..], in bits);
        if (ShmCtl(shmid, Ipc.IPC_SET, buffer) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_SET)", key);
    }

    /// <summary><c>shmctl(id, IPC_RMID)</c>; throws the <see cref="PhpIpcException"/> family on failure.</summary>
    internal static unsafe void ShmRemoveOrThrow(int shmid, int? key)
    {
        if (ShmCtl(shmid, Ipc.IPC_RMID, null) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_RMID)", key);
    }
}
