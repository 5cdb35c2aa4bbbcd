namespace PhpShmCompat.IpcWorker;

/// <summary>Semaphore jobs: hold a lock until killed or told to stop, or try once.</summary>
internal static class SemaphoreCommands
{
    /// <summary>
    /// sem-hold key maxAcquire: gets the semaphore, acquires it, prints "held", then waits for a
    /// line (or EOF) on stdin and exits normally (Dispose releases). SIGKILL skips all of that,
    /// which is the point: the kernel's SEM_UNDO must release the hold.
    /// </summary>
    internal static int Hold(string[] args)
    {
        using var sem = PhpSemaphore.Get(Arg.Int(args[0]), Arg.Int(args[1]));
        sem.Acquire();
        Arg.Say("held");
        Console.In.ReadLine();
        return 0;
    }

    /// <summary>sem-try key: prints "acquired" or "busy" for one non-blocking acquire.</summary>
    internal static int Try(string[] args)
    {
        using var sem = PhpSemaphore.Get(Arg.Int(args[0]));
        Arg.Say(sem.TryAcquire() ? "acquired" : "busy");
        return 0;
    }
}
