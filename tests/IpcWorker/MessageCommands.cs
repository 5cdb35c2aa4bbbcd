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
