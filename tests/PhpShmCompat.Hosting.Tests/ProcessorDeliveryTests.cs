using System.Collections.Concurrent;
using PhpSerializer;
using PhpShmCompat.Hosting.Tests.Support;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>
/// The delivery rules of <see cref="PhpMessageProcessor"/> against real queues and PHP senders:
/// handled once, sent back unchanged, dead-lettered byte for byte, poison reported not fatal,
/// nothing lost by a stop.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class ProcessorDeliveryTests
{
    private static PhpMessageProcessorOptions Options(int queue, int? deadLetters = null, int handlers = 1) => new()
    {
        QueueKey = queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DeadLetterQueueKey = deadLetters is int d ? IpcKeyParser.Format(d) : null,
        MaxConcurrentHandlers = handlers,
        CreateQueueIfMissing = true,
    };

    [Fact]
    public async Task EveryMessageFromPhpIsHandledExactlyOnceWithConcurrentHandlers()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var seen = new ConcurrentDictionary<long, int>();
        var done = new Eventually.Counter(300);
        int running = 0, maxRunning = 0;
        await using var processor = new PhpMessageProcessor(Options(key, handlers: 4));
        processor.ProcessMessageAsync += async args =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(1);
            seen.AddOrUpdate(((PhpInt)((PhpArray)args.Value!)["id"]).Value, 1, (_, n) => n + 1);
            Interlocked.Decrement(ref running);
            done.Increment();
        };
        await processor.StartProcessingAsync();
        Php.Run($"$q = msg_get_queue({key}, 0600); for ($i = 1; $i <= 300; $i++) msg_send($q, 1, ['id' => $i]);");
        await done.Reached.Within(30, "300 handled messages");
        await processor.StopProcessingAsync();
        Assert.Equal(300, seen.Count);
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.InRange(maxRunning, 1, 4);
        using var queue = PhpMessageQueue.Get(key);
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public async Task AFailingHandlersMessageIsRetriedThenReachesTheDeadLetterQueueByteIdentical()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), dlq = keys.NewKey();
        var attempts = new ConcurrentQueue<int>();
        var errors = new ConcurrentQueue<PhpErrorSource>();
        var failed = new Eventually.Counter(3);
        var options = Options(key, dlq);
        options.MaxDeliveryAttempts = 3;
        await using var processor = new PhpMessageProcessor(options);
        processor.ProcessMessageAsync += args =>
        {
            attempts.Enqueue(args.DeliveryAttempt);
            failed.Increment();
            throw new InvalidOperationException("this handler always fails");
        };
        processor.ProcessErrorAsync += e => { errors.Enqueue(e.Source); return Task.CompletedTask; };
        await processor.StartProcessingAsync();

        const string task = "['id' => 7, 'blob' => \"\\x00\\xff\\xfe binary \\xc3\\xa9\", 'f' => 0.1, 'nested' => ['a' => null, 'b' => true]]";
        Php.Send(key, 5, task);
        await failed.Reached.Within(20, "three failed deliveries");
        using var deadLetters = PhpMessageQueue.Get(dlq);
        await WaitForMessages(deadLetters, 1);
        await processor.StopProcessingAsync();

        Assert.Equal([1, 2, 3], attempts.ToArray());
        Assert.Equal(Enumerable.Repeat(PhpErrorSource.Handler, 3), errors.ToArray());
        // PHP reads the dead letter raw and compares it with its own serialize() of the task.
        string verdict = Php.Run($$"""
            $q = msg_get_queue({{dlq}}, 0600);
            msg_receive($q, 0, $type, 65536, $raw, false, MSG_IPC_NOWAIT);
            echo $type, ' ', $raw === serialize({{task}}) ? 'identical' : 'different: ' . bin2hex($raw);
            """);
        Assert.Equal("5 identical", verdict);
        using var queue = PhpMessageQueue.Get(key);
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public async Task FailureActionDeadLetterMovesAtOnceAndDiscardDrops()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), dlq = keys.NewKey();
        var options = Options(key, dlq);
        options.FailureAction = PhpMessageFailureAction.DeadLetter;
        var calls = new Eventually.Counter(1);
        await using (var processor = new PhpMessageProcessor(options))
        {
            processor.ProcessMessageAsync += _ => { calls.Increment(); throw new TimeoutException("fails once"); };
            await processor.StartProcessingAsync();
            Php.Send(key, 1, "'once'");
            using var deadLetters = PhpMessageQueue.Get(dlq);
            await WaitForMessages(deadLetters, 1);
            Assert.Equal("once", ((PhpString)deadLetters.ReceiveValue(0, PhpMessageReceiveFlags.NoWait)).ToUtf8String());
        }
        Assert.Equal(1, calls.Value);

        options.FailureAction = PhpMessageFailureAction.Discard;
        var dropped = new Eventually.Counter(1);
        await using (var processor = new PhpMessageProcessor(options))
        {
            processor.ProcessMessageAsync += _ => { dropped.Increment(); throw new TimeoutException("dropped"); };
            await processor.StartProcessingAsync();
            Php.Send(key, 1, "'gone'");
            await dropped.Reached.Within(10, "the failing delivery");
        }
        using var q = PhpMessageQueue.Get(key);
        using var d = PhpMessageQueue.Get(dlq);
        Assert.Equal(0, q.Stat().MessageCount);
        Assert.Equal(0, d.Stat().MessageCount);
    }

    [Fact]
    public async Task APoisonPayloadIsReportedAndDeadLetteredAndProcessingGoesOn()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), dlq = keys.NewKey();
        var handled = new Eventually.Counter(2);
        var errors = new ConcurrentQueue<ProcessPhpErrorEventArgs>();
        await using var processor = new PhpMessageProcessor(Options(key, dlq));
        processor.ProcessMessageAsync += args => { handled.Increment(); return Task.CompletedTask; };
        processor.ProcessErrorAsync += e => { errors.Enqueue(e); return Task.CompletedTask; };
        await processor.StartProcessingAsync();

        byte[] poison = "a:2:{i:0;s:99:\"short\";\xff\x00"u8.ToArray();
        Php.Send(key, 1, "'before'");
        Php.SendRaw(key, 1, poison);
        Php.Send(key, 1, "'after'");
        await handled.Reached.Within(20, "both valid messages handled");
        using var deadLetters = PhpMessageQueue.Get(dlq);
        await WaitForMessages(deadLetters, 1);
        Assert.True(processor.IsProcessing);
        await processor.StopProcessingAsync();

        ProcessPhpErrorEventArgs error = Assert.Single(errors);
        Assert.Equal(PhpErrorSource.Payload, error.Source);
        Assert.IsType<PhpMessageCorruptedException>(error.Exception);
        Assert.Equal(poison, error.Message!.Payload);
        PhpMessage dead = deadLetters.Receive(0, PhpMessageReceiveFlags.NoWait);
        Assert.Equal(1, dead.Type);
        Assert.Equal(poison, dead.Payload);
    }

    [Fact]
    public async Task AMessageOverTheMaximumSizeIsDeadLetteredWholeNotTruncated()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), dlq = keys.NewKey();
        var options = Options(key, dlq);
        options.MaxMessageSize = 32;
        options.PayloadFormat = PhpPayloadFormat.Raw;
        var handled = new Eventually.Counter(1);
        var errors = new ConcurrentQueue<PhpErrorSource>();
        await using var processor = new PhpMessageProcessor(options);
        processor.ProcessMessageAsync += args => { Assert.Equal("small", args.Message.GetString()); handled.Increment(); return Task.CompletedTask; };
        processor.ProcessErrorAsync += e => { errors.Enqueue(e.Source); return Task.CompletedTask; };
        await processor.StartProcessingAsync();
        byte[] big = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Php.SendRaw(key, 3, big);
        Php.SendRaw(key, 3, "small"u8.ToArray());
        await handled.Reached.Within(20, "the small message handled");
        using var deadLetters = PhpMessageQueue.Get(dlq);
        await WaitForMessages(deadLetters, 1);
        await processor.StopProcessingAsync();
        Assert.Equal(big, deadLetters.Receive(0, PhpMessageReceiveFlags.NoWait).Payload);
        Assert.Equal([PhpErrorSource.Payload], errors.ToArray());
    }

    [Fact]
    public async Task StoppingInTheMiddleLosesNothingAndHandlesNothingTwice()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        const int total = 400;
        var seen = new ConcurrentDictionary<long, int>();
        var some = new Eventually.Counter(50);
        await using var processor = new PhpMessageProcessor(Options(key, handlers: 4));
        processor.ProcessMessageAsync += async args =>
        {
            await Task.Delay(2);
            seen.AddOrUpdate(((PhpInt)args.Value!).Value, 1, (_, n) => n + 1);
            some.Increment();
        };
        using var queue = PhpMessageQueue.Get(key);
        for (int i = 0; i < total; i++) queue.Send(1, (PhpValue)(long)i);
        await processor.StartProcessingAsync();
        await some.Reached.Within(20, "50 handled messages");
        await processor.StopProcessingAsync();
        Assert.False(processor.IsProcessing);

        var left = new List<long>();
        while (queue.TryReceive(0, out PhpMessage? m)) left.Add(((PhpInt)m.GetValue()).Value);
        Assert.All(seen.Values, n => Assert.Equal(1, n));
        Assert.Empty(seen.Keys.Intersect(left));
        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), seen.Keys.Concat(left).Order());
    }

    [Fact]
    public async Task AtTheStopDeadlineAHandlerThatGivesUpHasItsMessageSentBackUnchanged()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var started = new Eventually.Counter(1);
        var failures = new ConcurrentQueue<PhpErrorSource>();
        var processor = new PhpMessageProcessor(Options(key));
        processor.ProcessMessageAsync += async args =>
        {
            started.Increment();
            await Task.Delay(Timeout.Infinite, args.CancellationToken);
        };
        processor.ProcessErrorAsync += e => { failures.Enqueue(e.Source); return Task.CompletedTask; };
        await processor.StartProcessingAsync();
        Php.Send(key, 9, "['slow' => 1]");
        await started.Reached.Within(10, "the handler start");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
            await processor.StopProcessingAsync(deadline.Token).Within(10, "the stop");
        await processor.DisposeAsync();
        Assert.Empty(failures);
        Assert.Equal("9 " + Convert.ToHexString("a:1:{s:4:\"slow\";i:1;}"u8).ToLowerInvariant(),
            Php.Run($"msg_receive(msg_get_queue({key}, 0600), 0, $t, 1024, $m, false, MSG_IPC_NOWAIT); echo $t, ' ', bin2hex($m);"));
    }

    [Fact]
    public async Task RequeueAndStopProcessingFromAHandlerLeaveTheRestInTheQueue()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var calls = new ConcurrentQueue<string>();
        var stopped = new Eventually.Counter(1);
        await using var processor = new PhpMessageProcessor(Options(key));
        processor.ProcessMessageAsync += args =>
        {
            string text = ((PhpString)args.Value!).ToUtf8String();
            calls.Enqueue(text);
            if (text == "not-mine") args.Requeue();
            if (text == "STOP")
            {
                args.StopProcessing();
                stopped.Increment();
            }
            return Task.CompletedTask;
        };
        Php.Send(key, 1, "'a'", "'not-mine'", "'STOP'", "'b'", "'c'");
        await processor.StartProcessingAsync();
        await stopped.Reached.Within(10, "the STOP");
        await processor.StopProcessingAsync();
        Assert.Equal(["a", "not-mine", "STOP"], calls.ToArray());
        string[] left = Php.Run($"$q = msg_get_queue({key}, 0600); while (msg_receive($q, 0, $t, 1024, $m, true, MSG_IPC_NOWAIT)) echo $m, ' ';").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["b", "c", "not-mine"], left); // the requeued message went to the back, unchanged
    }

    [Fact]
    public async Task AnIdleProcessorStopsAtOnce()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var processor = new PhpMessageProcessor(Options(key, handlers: 8));
        processor.ProcessMessageAsync += _ => Task.CompletedTask;
        await processor.StartProcessingAsync();
        await Task.Delay(200); // asleep in msgrcv
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await processor.StopProcessingAsync().Within(5, "the stop of an idle processor");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"stop took {sw.Elapsed}");
        await processor.StartProcessingAsync(); // and it can start again
        await processor.DisposeAsync();
    }

    [Fact]
    public async Task AnErrorHandlerThatThrowsDoesNotStopTheProcessor()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var handled = new Eventually.Counter(2);
        var options = Options(key);
        options.MaxDeliveryAttempts = 0;
        await using var processor = new PhpMessageProcessor(options);
        int calls = 0;
        processor.ProcessMessageAsync += _ =>
        {
            if (Interlocked.Increment(ref calls) == 1) throw new InvalidOperationException("first delivery fails");
            handled.Increment();
            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += _ => throw new NotSupportedException("broken error handler");
        await processor.StartProcessingAsync();
        Php.Send(key, 1, "1", "2");
        await handled.Reached.Within(10, "the retried and the next message");
        Assert.True(processor.IsProcessing);
    }

    private static async Task WaitForMessages(PhpMessageQueue queue, int count)
    {
        // The dead letter is sent by the processor after the handler returned; wait for it in the kernel.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        PhpMessage m = await queue.ReceiveAsync(0, cancellationToken: cts.Token);
        queue.SendRaw(m.Type, m.Payload); // put it back for the assertions (a one-message queue keeps its order)
        Assert.True(queue.Stat().MessageCount >= count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}
