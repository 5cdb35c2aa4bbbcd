using System.Globalization;
using PhpShmCompat.IpcWorker;

// IpcWorker <command> <args...>: one small IPC job per process, driven by the interop tests.
// Every command prints one-line status words ("ready", "held", "done ...") on stdout and exits
// with 0 on success, 2 on bad usage, 1 on failure (the message is on stderr).
try
{
    if (args.Length == 0) return Usage();
    string[] rest = args[1..];
    return args[0] switch
    {
        "sem-hold" => SemaphoreCommands.Hold(rest),
        "sem-try" => SemaphoreCommands.Try(rest),
        "counter" => CounterCommand.Run(rest),
        "msg-send" => MessageCommands.Send(rest),
        "msg-receive" => MessageCommands.Receive(rest),
        "sem-wait" => WaitCommands.Semaphore(rest),
        "msg-wait" => WaitCommands.Message(rest),
        "processor-hold" => ProcessorCommands.Hold(rest),
        "task-worker" => TaskWorkerCommand.Run(rest),
        "shm-churn" => ShmChurnCommand.Run(rest),
        _ => Usage(),
    };
}
catch (Exception ex)
{
    Console.Error.WriteLine(ex);
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: IpcWorker sem-hold <key> <maxAcquire> | sem-try <key> | counter <semKey> <shmKey> <varKey> <iterations> <lock:0|1> <goQueueKey> <holdMicros> | msg-send <key> <type> <hex> | msg-receive <key> <desiredType> <flags> | sem-wait <key> | msg-wait <key> <type> | processor-hold <key> <handlers> | shm-churn <key> <size> <maxLen>");
    return 2;
}

namespace PhpShmCompat.IpcWorker
{
    internal static class Arg
    {
        internal static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        internal static long Long(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

        internal static void Say(string line)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
