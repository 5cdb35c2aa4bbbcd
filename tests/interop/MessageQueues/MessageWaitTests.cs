using System.Globalization;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>Blocking, async and cancelled receives; a queue removed while a receiver waits.</summary>
[Collection(SemMsgCollection.Name)]
public class MessageWaitTests
{
    [Fact]
    public async Task ReceiveAsyncCompletesWhenPhpSends()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        Task<PhpMessage> pending = queue.ReceiveAsync(9);
        Assert.False(await pending.FinishesWithin(300)); // (CPU use while waiting: NoBusyWaitTests)

        SendRaw(key, (3, Hex("not me")), (9, Hex("for you")));
        Assert.True(await pending.FinishesWithin(5_000));
        Assert.Equal("for you", (await pending).GetString());
        Assert.Equal("not me", queue.Receive(0, PhpMessageReceiveFlags.NoWait).GetString());
    }

    [Fact]
    public async Task CancelledReceiveTakesNoMessage()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        using var cts = new CancellationTokenSource();
        Task<PhpMessage> pending = queue.ReceiveAsync(0, cancellationToken: cts.Token);
        Assert.False(await pending.FinishesWithin(50));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        using var cts2 = new CancellationTokenSource(100);
        Assert.ThrowsAny<OperationCanceledException>(() => queue.Receive(0, PhpMessageReceiveFlags.None, null, cts2.Token));

        SendRaw(key, (1, Hex("later")));
        Assert.Equal([$"1 {Hex("later")}"], Receive(key, (0, 1, 100))); // still there for PHP
    }

    [Fact]
    public async Task QueueRemovedByPhpWhileCSharpWaitsIsAClearError()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        Task<PhpMessage> blocking = Task.Factory.StartNew(() => queue.Receive(5), TaskCreationOptions.LongRunning);
        Task<PhpMessage> polling = queue.ReceiveAsync(5);
        Assert.False(await blocking.FinishesWithin(100));

        PhpRunner.RunCode($"var_dump(msg_remove_queue(msg_get_queue({key})));").EnsureSuccess();
        Assert.True(await blocking.FinishesWithin(5_000));
        Assert.True(await polling.FinishesWithin(5_000));
        var ex = await Assert.ThrowsAsync<PhpIpcNotFoundException>(() => blocking);
        Assert.Equal(43, ex.Errno); // EIDRM
        Assert.Contains("removed while waiting", ex.Message);
        await Assert.ThrowsAsync<PhpIpcNotFoundException>(() => polling);
    }

    [Fact]
    public void CSharpProcessBlockedInReceiveGetsPhpsMessageAndSeesRemoval()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        string k = key.ToString(CultureInfo.InvariantCulture);
        using (var worker = ChildProcess.Worker("msg-receive", k, "-3", "0"))
        {
            worker.Expect("ready");
            SendRaw(key, (7, Hex("skip")), (2, Hex("take")));
            Assert.Equal($"2 {Hex("take").ToUpperInvariant()}", worker.ReadLine());
            Assert.Equal(0, worker.WaitForExit());
        }
        using (var worker = ChildProcess.Worker("msg-receive", k, "1", "0"))
        {
            worker.Expect("ready");
            Thread.Sleep(100); // let it block in msgrcv
            PhpRunner.RunCode($"msg_remove_queue(msg_get_queue({key}));").EnsureSuccess();
            Assert.Equal("removed 43", worker.ReadLine());
            Assert.Equal(0, worker.WaitForExit());
        }
    }
}
