namespace PhpShmCompat.Diagnostics;

/// <summary>Whether a process id names a live process, and sending it a signal.</summary>
internal static class ProcessLiveness
{
    /// <summary>
    /// True when <paramref name="pid"/> exists in this pid namespace: <c>kill(pid, 0)</c>
    /// succeeds, or fails with EPERM (it exists but belongs to another user). Pids 0 and below
    /// name no single process and are never alive. A zombie counts as alive until reaped.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        if (Interop.Kill(pid, 0) == 0) return true;
        return Interop.Errno.Last() == Interop.Errno.EPERM;
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it failed (for example, the process is gone).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Interop.Kill(pid, signal) == 0;
}
