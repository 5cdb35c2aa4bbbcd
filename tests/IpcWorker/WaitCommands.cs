namespace PhpShmCompat.IpcWorker;

/// <summary>
/// Long asynchronous waits in a process of their own, so a test can measure this process's CPU
/// time while it waits (the test process runs other tests in parallel). A "cancel" line on
/// stdin cancels the wait.
/// </summary>
internal static class WaitCommands
{
    /// <summary>sem-wait key: prints "waiting", awaits AcquireAsync; prints "acquired" or "cancelled".</summary>
    internal static int Semaphore(string[] args)
    {
        using var sem = PhpSemaphore.Get(Arg.Int(args[0]));
        using var cts = CancelOnStdin();
        Arg.Say("waiting");
        try
        {
            sem.AcquireAsync(cts.Token).GetAwaiter().GetResult();
            Arg.Say("acquired");
            sem.Release();
        }
        catch (OperationCanceledException)
        {
            Arg.Say("cancelled");
        }
        return 0;
    }

    /// <summary>msg-wait key type: prints "waiting", awaits ReceiveAsync; prints "got TYPE HEX" or "cancelled".</summary>
    internal static int Message(string[] args)
    {
        using var queue = PhpMessageQueue.Get(Arg.Int(args[0]));
        using var cts = CancelOnStdin();
        Arg.Say("waiting");
        try
        {
            PhpMessage m = queue.ReceiveAsync(Arg.Long(args[1]), cancellationToken: cts.Token).GetAwaiter().GetResult();
            Arg.Say($"got {m.Type} {Convert.ToHexString(m.Payload)}");
        }
        catch (OperationCanceledException)
        {
            Arg.Say("cancelled");
        }
        return 0;
    }

    private static CancellationTokenSource CancelOnStdin()
    {
        var cts = new CancellationTokenSource();
        var reader = new Thread(() =>
        {
            if (Console.In.ReadLine() == "cancel") cts.Cancel();
        }) { IsBackground = true };
        reader.Start();
        return cts;
    }
}
