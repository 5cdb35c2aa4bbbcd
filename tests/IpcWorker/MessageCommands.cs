using PhpSerializer;
namespace PhpShmCompat.IpcWorker;

/// <summary>Message queue jobs for cross-process tests.</summary>
internal static class MessageCommands
{
    /// <summary>msg-send key type hex: sends the raw payload given in hex.</summary>
    internal static int Send(string[] args)
    {
        using var queue = PhpMessageQueue.Get(Arg.Int(args[0]));
        queue.SendRaw(Arg.Long(args[1]), Convert.FromHexString(args[2]));
        Arg.Say("sent");
        return 0;
    }

    /// <summary>
    /// msg-receive key desiredType flags: prints "ready", blocks in Receive, then prints
    /// "type hex" -- or "removed" when the queue is removed while it waits.
    /// </summary>
    internal static int Receive(string[] args)
    {
        using var queue = PhpMessageQueue.Get(Arg.Int(args[0]));
        Arg.Say("ready");
        try
        {
            PhpMessage m = queue.Receive(Arg.Long(args[1]), (PhpMessageReceiveFlags)Arg.Int(args[2]));
            Arg.Say($"{m.Type} {Convert.ToHexString(m.Payload)}");
        }
        catch (PhpIpcNotFoundException ex)
        {
            Arg.Say("removed " + ex.Errno);
        }
        return 0;
    }
}

/// <summary>A .NET worker in place of a PHP one: answers every task on one queue on another.</summary>
internal static class TaskWorkerCommand
{
    /// <summary>
    /// task-worker tasksKey resultsKey count: receives <c>count</c> tasks (PHP arrays with "id" and
    /// "n"), and for each sends <c>["id" => id, "square" => n * n, "by" => "dotnet"]</c> back.
    /// </summary>
    internal static int Run(string[] args)
    {
        using var tasks = PhpMessageQueue.Get(Arg.Int(args[0]));
        using var results = PhpMessageQueue.Get(Arg.Int(args[1]));
        int count = Arg.Int(args[2]);
        Arg.Say("ready");
        for (int i = 0; i < count; i++)
        {
            var task = (PhpArray)tasks.ReceiveValue(desiredType: 0);
            long id = ((PhpInt)task["id"]).Value;
            long n = ((PhpInt)task["n"]).Value;
            results.Send(1, new PhpArray { { "id", id }, { "square", n * n }, { "by", "dotnet" } });
        }
        Arg.Say("done");
        return 0;
    }
}
