using System.Diagnostics;
using PhpShmCompat.InteropTests.Semaphores;
using PhpShmCompat.TestSupport;
using PhpShmCompat.Waiting;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// Waits that sleep in the kernel and are cut short by the wake signal: cancellation is prompt,
/// a message or semaphore the kernel handed over is never dropped, nothing is taken after a
/// cancelled wait, and the signal is one nobody else handles.
/// </summary>
[Collection(SemMsgCollection.Name)]
public class InterruptibleWaitTests
{
    /// <summary>Generous bound for "at once" on a loaded 2-core machine (a poll would be ~20-50 ms, a missed wake-up forever).</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);

    [Fact]
    public void WakeSignalIsARealTimeSignalAboveTheRuntimesAndHasAHandler()
    {
        int sig = WakeSignal.Number;
        Assert.InRange(sig, Interop.SigRtMin() + 1, Interop.SigRtMax());
        Assert.True(WakeSignal.HasHandler(sig));
        // The process's caught-signal mask (what the kernel reports) includes it.
        string caught = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("SigCgt:", StringComparison.Ordinal))[7..].Trim();
        ulong mask = Convert.ToUInt64(caught, 16);
        Assert.NotEqual(0UL, mask & (1UL << (sig - 1)));
    }

    [Fact]
    public async Task CancellingABlockedReceiveAsyncEndsItPromptlyAndTakesNothing()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        for (int round = 0; round < 20; round++)
        {
            using var cts = new CancellationTokenSource();
            Task<PhpMessage> pending = queue.ReceiveAsync(4, cancellationToken: cts.Token);
            Assert.False(await pending.FinishesWithin(round == 0 ? 100 : 5));
            var sw = Stopwatch.StartNew();
            cts.Cancel();
            Assert.True(await pending.FinishesWithin((int)Prompt.TotalMilliseconds), $"round {round}: not cancelled");
            Assert.True(sw.Elapsed < Prompt);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }
        SendRaw(key, (4, Hex("after")));
        Assert.Equal("after", queue.Receive(4, PhpMessageReceiveFlags.NoWait).GetString());
    }

    [Fact]
    public void CancellingABlockedSynchronousReceiveEndsItPromptly()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var sw = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => queue.Receive(1, PhpMessageReceiveFlags.None, null, cts.Token));
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(90), Prompt);
        // The same thread waits again normally afterwards (the signal left nothing behind).
        queue.SendRaw(1, "x"u8);
        Assert.Equal("x", queue.Receive(1, PhpMessageReceiveFlags.None, null, CancellationToken.None).GetString());
    }

    [Fact]
    public async Task AMessageRacingACancellationIsReturnedOrLeftQueuedNeverLost()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        int returned = 0, left = 0;
        for (int i = 0; i < 300; i++)
        {
            using var cts = new CancellationTokenSource();
            Task<PhpMessage> pending = queue.ReceiveAsync(7, cancellationToken: cts.Token);
            await Task.Delay(i % 3); // sometimes the receiver is asleep in msgrcv, sometimes not yet
            byte[] payload = BitConverter.GetBytes(i);
            var send = Task.Run(() => queue.SendRaw(7, payload));
            cts.Cancel();
            await send;
            try
            {
                PhpMessage got = await pending;
                Assert.Equal(payload, got.Payload);
                returned++;
            }
            catch (OperationCanceledException)
            {
                Assert.True(queue.TryReceive(7, out PhpMessage? still), $"message {i} was lost");
                Assert.Equal(payload, still.Payload);
                left++;
            }
            Assert.False(queue.TryReceive(0, out _));
        }
        Assert.Equal(300, returned + left);
    }

    [Fact]
    public async Task CancellingLockAsyncWhilePhpHoldsTheSemaphoreEndsItPromptly()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        php.Run("get p 1");
        php.Run("acquire p");
        for (int round = 0; round < 10; round++)
        {
            using var cts = new CancellationTokenSource();
            Task<PhpSemaphoreLock> pending = sem.LockAsync(cts.Token);
            Assert.False(await pending.FinishesWithin(round == 0 ? 100 : 5));
            cts.Cancel();
            Assert.True(await pending.FinishesWithin((int)Prompt.TotalMilliseconds), $"round {round}: not cancelled");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }
        using (var longCts = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            Assert.False(sem.Acquire(TimeSpan.FromMilliseconds(300), longCts.Token)); // the timeout, not the token, ends it
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal("0/2/0", SemValues.Read(key));
        Assert.Equal("ok", php.Run("release p"));
        using (await sem.LockAsync(CancellationToken.None)) Assert.Equal(1, sem.HeldCount);
    }

    [Fact]
    public async Task ASemaphoreRacingACancellationIsHeldOrStillFree()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        for (int i = 0; i < 100; i++)
        {
            holder.Acquire();
            using var cts = new CancellationTokenSource();
            Task pending = waiter.AcquireAsync(cts.Token);
            await Task.Delay(i % 3);
            var release = Task.Run(holder.Release);
            cts.Cancel();
            await release;
            try
            {
                await pending;
                Assert.Equal(1, waiter.HeldCount);
                waiter.Release();
            }
            catch (OperationCanceledException)
            {
                Assert.Equal(0, waiter.HeldCount);
            }
            Assert.True(waiter.TryAcquire(), $"round {i}: the semaphore was left taken"); // free again either way
            waiter.Release();
        }
    }

    [Fact]
    public async Task CancellableSendWaitsWhileTheQueueIsFullAndCancelsWithoutSending()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        queue.Set(maxBytes: 16);
        queue.SendRaw(1, new byte[16]);
        using var cts = new CancellationTokenSource();
        Task pending = queue.SendRawAsync(2, new byte[8], cts.Token);
        Assert.False(await pending.FinishesWithin(100));
        cts.Cancel();
        Assert.True(await pending.FinishesWithin((int)Prompt.TotalMilliseconds));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(1, queue.Stat().MessageCount);

        Task second = queue.SendRawAsync(2, new byte[8], CancellationToken.None);
        Assert.False(await second.FinishesWithin(50));
        queue.Receive(1);
        Assert.True(await second.FinishesWithin(5_000));
        Assert.Equal(8, queue.Receive(2, PhpMessageReceiveFlags.NoWait).Payload.Length);
    }

    [Fact]
    public async Task ReadAllAsyncYieldsMessagesAsTheyComeAndTakesNothingAfterCancellation()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();
        Task reader = Task.Run(async () =>
        {
            await foreach (PhpMessage m in queue.ReadAllAsync(3, cancellationToken: cts.Token))
            {
                seen.Add(m.GetString());
                if (seen.Count == 3) cts.Cancel();
            }
        });
        SendRaw(key, (3, Hex("a")), (5, Hex("other")), (3, Hex("b")));
        await Task.Delay(50);
        SendRaw(key, (3, Hex("c")), (3, Hex("d")));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader);
        Assert.Equal(["a", "b", "c"], seen);
        Assert.Equal([$"3 {Hex("d")}", $"5 {Hex("other")}"], Receive(key, (3, 1, 100), (0, 1, 100)));
    }

    [Fact]
    public async Task ManyIdleReceiversShareNoPoolThreadsAndAllWakeUp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        using var cts = new CancellationTokenSource();
        Task<PhpMessage>[] waits = Enumerable.Range(0, 8).Select(_ => queue.ReceiveAsync(2, cancellationToken: cts.Token)).ToArray();
        Assert.False(await Task.WhenAny(waits).FinishesWithin(100));
        SendRaw(key, Enumerable.Range(0, 8).Select(i => (2L, Hex("m" + i))).ToArray());
        PhpMessage[] got = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => "m" + i).Order(), got.Select(m => m.GetString()).Order());
    }
}
