using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>sysvshm constants (glibc, all Linux architectures).</summary>
    internal static class Shm
    {
        /// <summary><c>shmat</c> flag: attach read-only.</summary>
        internal const int SHM_RDONLY = 0x1000;
    }

    /// <summary><c>struct shmid_ds</c> offsets on 64-bit Linux (x86-64 and aarch64).</summary>
    private static class ShmidDs
    {
        internal const int Size = 112;

        // ipc_perm (48 bytes) at offset 0.
        internal const int PermUid = 4;
        internal const int PermGid = 8;
        internal const int PermMode = 20;
        internal const int Segsz = 48;
        internal const int Cpid = 80;
        internal const int Lpid = 84;
        internal const int Nattch = 88;
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
        byte* buffer = stackalloc byte[ShmidDs.Size];
        new Span<byte>(buffer, ShmidDs.Size).Clear();
        if (ShmCtl(shmid, Ipc.IPC_STAT, buffer) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_STAT)", key);
        var raw = new ReadOnlySpan<byte>(buffer, ShmidDs.Size);
        return new ShmStat(
            MemoryMarshal.Read<ulong>(raw[ShmidDs.Segsz..]),
            MemoryMarshal.Read<ushort>(raw[ShmidDs.PermMode..]) & IpcPermissions.AllBits,
            MemoryMarshal.Read<uint>(raw[ShmidDs.PermUid..]),
            MemoryMarshal.Read<uint>(raw[ShmidDs.PermGid..]),
            MemoryMarshal.Read<int>(raw[ShmidDs.Cpid..]),
            MemoryMarshal.Read<ulong>(raw[ShmidDs.Nattch..]),
            MemoryMarshal.Read<int>(raw[ShmidDs.Lpid..]));
    }

    /// <summary>
    /// <c>shmctl(id, IPC_SET)</c> of owner, group and permission bits (the only fields IPC_SET
    /// changes); the rest of the buffer comes from IPC_STAT. Throws the <see cref="PhpIpcException"/> family.
    /// </summary>
    internal static unsafe void ShmSetOwnerOrThrow(int shmid, int? key, uint uid, uint gid, int mode)
    {
        byte* buffer = stackalloc byte[ShmidDs.Size];
        var raw = new Span<byte>(buffer, ShmidDs.Size);
        raw.Clear();
        if (ShmCtl(shmid, Ipc.IPC_STAT, buffer) != 0)
            throw PhpIpcException.LastError("shmctl(IPC_STAT)", key);
        MemoryMarshal.Write(raw[ShmidDs.PermUid..], in uid);
        MemoryMarshal.Write(raw[ShmidDs.PermGid..], in gid);
        ushort bits = (ushort)(mode & IpcPermissions.AllBits);
        MemoryMarshal.Write(raw[ShmidDs.PermMode..], in bits);
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
