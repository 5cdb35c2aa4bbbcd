using PhpShmCompat.Hosting;

namespace PhpShmCompat.IpcWorker;

/// <summary>A <see cref="PhpMessageProcessor"/> in a process of its own, for the tests that kill it.</summary>
internal static class ProcessorCommands
{
    /// <summary>
    /// processor-hold key handlers: processes the queue with that many handlers, each of which
    /// prints "holding HEX" (the payload) and then never returns; prints "ready" once started.
    /// </summary>
    internal static int Hold(string[] args)
    {
        var processor = new PhpMessageProcessor(new PhpMessageProcessorOptions
        {
            QueueKey = args[0],
            MaxConcurrentHandlers = Arg.Int(args[1]),
            PayloadFormat = PhpPayloadFormat.Raw,
        });
        processor.ProcessMessageAsync += async message =>
        {
            Arg.Say($"holding {Convert.ToHexString(message.Message.Payload)}");
            await Task.Delay(Timeout.Infinite, message.CancellationToken);
        };
        processor.StartProcessingAsync().GetAwaiter().GetResult();
        Arg.Say("ready");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
