using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Semaphores;

/// <summary>The less common ways in: infinite and zero timeouts, cancellation while waiting, async on a free semaphore, remove.</summary>
public class PhpSemaphoreEdgeTests
{
    private static Task<T> OnThread<T>(Func<T> call)
        => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public void AnInfiniteTimeoutAndAnUncancellableTokenAreAPlainAcquire()
    {
        using var keys = new IpcKeyScope();
        using var sem = PhpSemaphore.Get(keys.NewKey(), 4);
        Assert.True(sem.Acquire(Timeout.InfiniteTimeSpan));
        sem.Acquire(CancellationToken.None);
        Assert.True(sem.Acquire(Timeout.InfiniteTimeSpan, CancellationToken.None));
        using (sem.Lock(CancellationToken.None)) Assert.Equal(4, sem.HeldCount);
        Assert.Equal(3, sem.HeldCount);
        Assert.Equal(1, sem.AvailableCount);
    }

    [Fact]
    public async Task ACancellableLockTakesTheSemaphore()
    {
        using var keys = new IpcKeyScope();
        using var sem = PhpSemaphore.Get(keys.NewKey());
        using var cts = new CancellationTokenSource();
        using (PhpSemaphoreLock l = sem.Lock(cts.Token))
        {
            Assert.True(l.IsHeld);
            Assert.Equal(1, sem.HeldCount);
            Assert.Equal(0, sem.AvailableCount);
        }
        Assert.Equal(1, sem.AvailableCount);
        Assert.True(await sem.AcquireAsync(TimeSpan.FromSeconds(1)));   // free: at once, and true
        Assert.True(await sem.AcquireAsync(TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(30)) is false);
        Assert.Equal(1, sem.HeldCount);
    }

    [Fact]
    public async Task CancellingAWaitingAcquireEndsItPromptly()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        holder.Acquire();
        using var cts = new CancellationTokenSource();
        Task<bool> timed = OnThread(() => waiter.Acquire(TimeSpan.FromMinutes(10), cts.Token));
        Task<bool> plain = OnThread(() => { waiter.Acquire(cts.Token); return true; });
        Assert.True(SemaphoreWaiters.WaitsForLock(timed, key));
        cts.Cancel();
        // The waits wake every 50 ms to look at the token; 10 s is only a bound for a slow machine.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => timed.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => plain.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, waiter.HeldCount);
        Assert.Equal(0, SemaphoreWaiters.Count(key));
    }

    [Fact]
    public void ACancellableTimedAcquireTimesOutAfterItsTimeout()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        holder.Acquire();
        using var cts = new CancellationTokenSource();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.False(waiter.Acquire(TimeSpan.FromMilliseconds(320), cts.Token));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(300));
        Assert.Throws<ArgumentOutOfRangeException>(() => waiter.Acquire(TimeSpan.FromMilliseconds(-5), cts.Token));
        Assert.Equal(0, waiter.HeldCount);
    }

    [Fact]
    public async Task AnAsyncAcquireOnAClosedHandleFailsInTheTask()
    {
        using var keys = new IpcKeyScope();
        var sem = PhpSemaphore.Get(keys.NewKey());
        sem.Dispose();
        Task<bool> acquire = sem.AcquireAsync(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => acquire);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.True(sem.AcquireAsync(cts.Token).IsCanceled);
    }

    [Fact]
    public void RemoveEndsTheHandleAndNamesWhatHappened()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var sem = PhpSemaphore.Get(key);
        sem.Acquire();
        sem.Remove();
        Assert.Equal(-1, Interop.SemGet(key, 0, 0));
        var ex = Assert.Throws<PhpIpcNotFoundException>(() => sem.TryAcquire());
        Assert.Equal("semop", ex.Operation);
        Assert.Contains("this handle removed the semaphore set", ex.Message);
        Assert.Contains("this handle removed", Assert.Throws<PhpIpcNotFoundException>(sem.Release).Message);
        Assert.Contains("this handle removed", Assert.Throws<PhpIpcNotFoundException>(sem.Remove).Message);
        sem.Dispose(); // nothing left to give back
        Assert.Throws<ObjectDisposedException>(sem.Remove);
    }

    [Fact]
    public void RemovingASetAnotherHandleRemovedSaysWhichCallFailed()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        using var other = PhpSemaphore.Get(key);
        other.Remove();
        var ex = Assert.Throws<PhpIpcNotFoundException>(sem.Remove);
        Assert.Equal("semctl(IPC_STAT)", ex.Operation);
        Assert.Equal(key, ex.Key);
    }

    [Fact]
    public void ACancellableWaitOnASetAnotherHandleRemovedNamesTheKernelCallItMade()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        using (var other = PhpSemaphore.Get(key)) other.Remove();
        using var cts = new CancellationTokenSource();
        var plain = Assert.Throws<PhpIpcNotFoundException>(() => sem.Acquire(Timeout.InfiniteTimeSpan, cts.Token));
        Assert.Equal("semop(acquire)", plain.Operation);
        var timed = Assert.Throws<PhpIpcNotFoundException>(() => sem.Acquire(TimeSpan.FromSeconds(30), cts.Token));
        Assert.Equal("semtimedop(acquire)", timed.Operation);
        Assert.Equal(key, timed.Key);
        Assert.Equal(0, sem.HeldCount);
    }

    [Fact]
    public async Task ANegativeTimeoutIsRefusedEvenWhenTheSemaphoreIsFree()
    {
        using var keys = new IpcKeyScope();
        using var sem = PhpSemaphore.Get(keys.NewKey());
        TimeSpan negative = TimeSpan.FromSeconds(-2);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sem.AcquireAsync(negative));
        Assert.Throws<ArgumentOutOfRangeException>(() => sem.Acquire(negative));
        using var cts = new CancellationTokenSource();
        Assert.Throws<ArgumentOutOfRangeException>(() => sem.Acquire(negative, cts.Token));
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal(1, sem.AvailableCount);
    }

    [Fact]
    public void ASetThatIsNotPhpsNamesSemget()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Assert.True(Interop.SemGet(key, 1, Interop.Ipc.IPC_CREAT | 0x180) >= 0);
        var ex = Assert.Throws<PhpIpcException>(() => PhpSemaphore.Get(key));
        Assert.Equal("semget", ex.Operation);
        Assert.Equal(key, ex.Key);
    }
}
