using System.Runtime.InteropServices;

namespace PhpShmCompat.Diagnostics;

/// <summary>What kind of System V object a <see cref="StaleObject"/> is.</summary>
internal enum IpcObjectKind
{
    Segment,
    Queue,
    SemaphoreSet,
}

/// <summary>
/// An object no live process uses any more, as far as the kernel can tell.
/// </summary>
/// <param name="Kind">Segment, queue or semaphore set.</param>
/// <param name="Key">Its key.</param>
/// <param name="Id">Its id (removal goes by id, so a new object under the same key is never touched).</param>
/// <param name="Pids">The processes the kernel names for it (creator, last users), all gone.</param>
/// <param name="IdleSeconds">Seconds since the kernel's last recorded use or change of it.</param>
/// <param name="Reason">Why it counts as stale, in words.</param>
/// <param name="HeldByDeadProcess">A semaphore set whose counter is 0 (held) while its last operator is gone.</param>
internal sealed record StaleObject(IpcObjectKind Kind, int Key, int Id, IReadOnlyList<int> Pids, long IdleSeconds, string Reason, bool HeldByDeadProcess = false);

/// <summary>
/// Finds segments, queues and semaphore sets whose creator and last users are gone:
/// <list type="bullet">
/// <item>a segment with no attachment whose creator (<c>cpid</c>) and last attach/detach process (<c>lpid</c>) are gone
/// (both known: the kernel reports 0 for a process of a pid namespace this one cannot see);</item>
/// <item>a queue whose last sender (<c>lspid</c>) and last receiver (<c>lrpid</c>) are gone, at least one of them having existed
/// (the kernel lists no blocked receivers: a process waiting in <c>msg_receive</c> that never received is not seen);</item>
/// <item>a semaphore set none of whose semaphores' last operators (<c>GETPID</c>) is alive and, for PHP's three-semaphore
/// set, with no live <c>sem_get</c> handle (semaphore [1] is 0: the kernel's <c>SEM_UNDO</c> takes a dead process's handle back).</item>
/// </list>
/// Keys 0 (<c>IPC_PRIVATE</c>) are skipped: they are some process's private objects.
/// </summary>
internal static class StaleObjects
{
    private const int GETPID = 11;

    public static List<StaleObject> Find()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var found = new List<StaleObject>();
        foreach (SysvIpcRow r in SysvIpcTable.Segments())
        {
            if (r.Key == 0 || r.Get("nattch") != 0) continue;
            int[] pids = [(int)r.Get("cpid"), (int)r.Get("lpid")];
            // A pid of 0 is a process this pid namespace cannot see (a container sharing only the
            // IPC namespace), which may well be alive: such a segment is never called stale.
            if (pids.Any(p => p <= 0) || pids.Any(ProcessLiveness.IsAlive)) continue;
            long last = Math.Max(r.GetOrDefault("atime"), Math.Max(r.GetOrDefault("dtime"), r.GetOrDefault("ctime")));
            found.Add(new StaleObject(IpcObjectKind.Segment, r.Key, (int)r.Get("shmid"), Distinct(pids), Math.Max(0, now - last),
                "no process attached; creator and last user gone"));
        }
        foreach (SysvIpcRow r in SysvIpcTable.Queues())
        {
            if (r.Key == 0) continue;
            int[] pids = [(int)r.Get("lspid"), (int)r.Get("lrpid")];
            if (pids.All(p => p <= 0) || pids.Any(ProcessLiveness.IsAlive)) continue;
            long last = Math.Max(r.GetOrDefault("stime"), Math.Max(r.GetOrDefault("rtime"), r.GetOrDefault("ctime")));
            found.Add(new StaleObject(IpcObjectKind.Queue, r.Key, (int)r.Get("msqid"), Distinct(pids), Math.Max(0, now - last),
                $"last sender and receiver gone; {r.Get("qnum")} message(s) left"));
        }
        foreach (SysvIpcRow r in SysvIpcTable.SemaphoreSets())
        {
            if (r.Key == 0) continue;
            int id = (int)r.Get("semid");
            int nsems = (int)r.Get("nsems");
            if (StaleSet(id, nsems, out int[] pids, out bool held, out int users) is not true) continue;
            long last = Math.Max(r.GetOrDefault("otime"), r.GetOrDefault("ctime"));
            string reason = nsems == Semaphores.SemaphoreOps.SetSize
                ? $"PHP sem_get set with {users} live handle(s); last operators gone" + (held ? "; left held (counter 0)" : "")
                : "last operators gone" + (held ? "; left held (counter 0)" : "");
            found.Add(new StaleObject(IpcObjectKind.SemaphoreSet, r.Key, id, pids, Math.Max(0, now - last), reason, held));
        }
        return found;
    }

    /// <summary>Removes the object by id (<c>IPC_RMID</c>); false when it is already gone.</summary>
    public static unsafe bool Remove(StaleObject o)
    {
        int errno = o.Kind switch
        {
            IpcObjectKind.Segment => ShmRemove(o.Id) == 0 ? 0 : Interop.Errno.Last(),
            IpcObjectKind.Queue => Interop.MsgRemoveOrErrno(o.Id),
            _ => Interop.SemCtl(o.Id, 0, Interop.Ipc.IPC_RMID) == 0 ? 0 : Interop.Errno.Last(),
        };
        if (errno == 0) return true;
        if (errno is Interop.Errno.EINVAL or Interop.Errno.EIDRM) return false;
        throw new PhpIpcException($"IPC_RMID of {o.Kind}", o.Key, errno);
    }

    private static unsafe int ShmRemove(int id)
    {
        try
        {
            Interop.ShmRemoveOrThrow(id, null);
            return 0;
        }
        catch (PhpIpcException e) when (e.Errno is Interop.Errno.EINVAL or Interop.Errno.EIDRM)
        {
            Marshal.SetLastPInvokeError(e.Errno);
            return -1;
        }
    }

    /// <summary>True when no last operator of any semaphore is alive and (PHP's layout) no handle is live; null when the set cannot be read.</summary>
    private static bool? StaleSet(int id, int nsems, out int[] pids, out bool held, out int users)
    {
        pids = [];
        held = false;
        users = 0;
        var list = new List<int>();
        for (int n = 0; n < nsems; n++)
        {
            int pid = Interop.SemCtl(id, n, GETPID);
            if (pid < 0) return null;
            list.Add(pid);
        }
        if (list.Any(ProcessLiveness.IsAlive)) return false;
        if (nsems == Semaphores.SemaphoreOps.SetSize)
        {
            users = Interop.SemCtl(id, Semaphores.SemaphoreOps.SemUsage, Interop.Sem.GETVAL);
            if (users != 0) return false;
        }
        held = nsems > 0 && Interop.SemCtl(id, 0, Interop.Sem.GETVAL) == 0;
        pids = Distinct(list);
        return true;
    }

    private static int[] Distinct(IEnumerable<int> pids) => pids.Where(p => p > 0).Distinct().ToArray();
}
