using static PhpShmCompat.Semaphores.SemaphoreOps;

namespace PhpShmCompat;

/// <summary>
/// A read-only snapshot of a PHP <c>sem_get()</c> semaphore set, taken without joining it
/// (unlike <see cref="PhpSemaphore.Get"/>, which creates the set and counts itself as a user).
/// </summary>
/// <param name="Key">The System V key.</param>
/// <param name="SemaphoreId">The kernel's set id (<c>semid</c>).</param>
/// <param name="SetSize">Semaphores in the set: 3 for a set made by PHP's <c>sem_get</c>.</param>
/// <param name="Uid">Owner user id (<c>sem_perm.uid</c>).</param>
/// <param name="Gid">Owner group id (<c>sem_perm.gid</c>).</param>
/// <param name="Mode">Permission bits (<c>sem_perm.mode &amp; 0777</c>).</param>
/// <param name="Available">Semaphore [0]: acquisitions that would succeed now (0 = held up to max_acquire).</param>
/// <param name="Users">Semaphore [1]: live <c>sem_get</c> handles in all processes.</param>
/// <param name="Guard">Semaphore [2]: 1 while a <c>sem_get</c> is initialising the set.</param>
/// <param name="Waiters">Processes blocked waiting to acquire (<c>GETNCNT</c> of [0]).</param>
/// <param name="LastPid">Process that last operated on [0] (<c>GETPID</c>), 0 if none.</param>
/// <param name="LastOperationTime">Unix seconds of the last <c>semop</c> on the set (<c>sem_otime</c>), 0 if never.</param>
/// <param name="ChangeTime">Unix seconds of the last change of the set (<c>sem_ctime</c>).</param>
public readonly record struct PhpSemaphoreStatus(
    int Key,
    int SemaphoreId,
    int SetSize,
    uint Uid,
    uint Gid,
    int Mode,
    int Available,
    int Users,
    int Guard,
    int Waiters,
    int LastPid,
    long LastOperationTime,
    long ChangeTime)
{
    /// <summary>True when a PHP holder would have to wait: the counter is 0.</summary>
    public bool IsExhausted => Available == 0;

    /// <summary>True when the set has PHP's three semaphores.</summary>
    public bool HasPhpLayout => SetSize == Semaphores.SemaphoreOps.SetSize;

    /// <summary>
    /// Reads the set under <paramref name="key"/> (<c>semget(key, 0, 0)</c>, <c>IPC_STAT</c>,
    /// <c>GETVAL</c>); changes nothing. Values of semaphores a non-PHP set lacks are 0.
    /// </summary>
    /// <exception cref="PhpIpcNotFoundException">No semaphore set has this key.</exception>
    /// <exception cref="PhpIpcException">Another system call failure (permission, ...).</exception>
    public static PhpSemaphoreStatus Read(int key)
    {
        if (key == Interop.Ipc.IPC_PRIVATE)
            throw new ArgumentOutOfRangeException(nameof(key), key, "key 0 is IPC_PRIVATE and names no existing semaphore set");
        int semId = Interop.SemGet(key, 0, 0);
        if (semId < 0) throw PhpIpcException.LastError("semget", key);

        int errno = Interop.SemStatOrErrno(semId, out Interop.SemStat ds);
        if (errno != 0) throw Error("semctl(IPC_STAT)", key, errno);
        int nsems = (int)Math.Min(ds.SetSize, int.MaxValue);

        int Value(ushort index) => index < nsems ? GetValue(semId, index, key) : 0;
        int Control(int cmd)
        {
            int v = Interop.SemCtl(semId, SemCounter, cmd);
            if (v < 0) throw Error($"semctl({(cmd == Interop.Sem.GETPID ? "GETPID" : "GETNCNT")})", key, Interop.Errno.Last());
            return v;
        }

        return new PhpSemaphoreStatus(
            key, semId, nsems,
            ds.Uid, ds.Gid, ds.Mode,
            Value(SemCounter), Value(SemUsage), Value(SemSetVal),
            nsems > 0 ? Control(Interop.Sem.GETNCNT) : 0, nsems > 0 ? Control(Interop.Sem.GETPID) : 0,
            ds.OperationTime, ds.ChangeTime);
    }
}
