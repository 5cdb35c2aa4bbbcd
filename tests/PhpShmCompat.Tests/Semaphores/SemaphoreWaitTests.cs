using System.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Semaphores;

/// <summary>
/// The timed and cancellable waits: they sleep in the kernel for the time asked (not less),
/// take the semaphore when it is released during the wait, and name the failing call.
/// </summary>
public class SemaphoreWaitTests
{
    private static Task<T> OnThread<T>(Func<T> call)
        => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    [Fact]
    public async Task ATimedAcquireWaitsAndTakesTheSemaphoreWhenItIsReleased()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        holder.Acquire();
        Task<bool> acquire = OnThread(() => waiter.Acquire(TimeSpan.FromSeconds(30)));
        Assert.True(SemaphoreWaiters.WaitsForLock(acquire, key), "the timed acquire did not wait in the kernel");
        holder.Release();
        Assert.True(await acquire.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, waiter.HeldCount);
    }

    [Fact]
    public async Task ACancellableAcquireWaitsAndTakesTheSemaphoreWhenItIsReleased()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        using var cts = new CancellationTokenSource();
        holder.Acquire();
        Task<bool> acquire = OnThread(() => waiter.Acquire(TimeSpan.FromSeconds(30), cts.Token));
        Assert.True(SemaphoreWaiters.WaitsForLock(acquire, key), "the cancellable acquire did not wait in the kernel");
        holder.Release();
        Assert.True(await acquire.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, waiter.HeldCount);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1250)]
    public void ATimedAcquireOfAHeldSemaphoreWaitsAtLeastItsTimeout(int milliseconds)
    {
        // Sub-second parts matter: the kernel gets seconds and nanoseconds separately.
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var holder = PhpSemaphore.Get(key);
        using var waiter = PhpSemaphore.Get(key);
        holder.Acquire();
        long start = Stopwatch.GetTimestamp();
        Assert.False(waiter.Acquire(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.True(Stopwatch.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(milliseconds - 15), $"returned after {Stopwatch.GetElapsedTime(start)}");
        Assert.Equal(0, waiter.HeldCount);
    }

    [Fact]
    public void AZeroTimeoutIsATry()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        Assert.True(sem.Acquire(TimeSpan.Zero));
        Assert.False(sem.Acquire(TimeSpan.Zero));
        Assert.False(sem.Acquire(TimeSpan.Zero, new CancellationToken(false)));
        Assert.Equal(1, sem.HeldCount);
    }

    [Fact]
    public void FailuresNameTheCallAndSayTheSetIsGone()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        using var remover = PhpSemaphore.Get(key);
        remover.Remove();

        var count = Assert.Throws<PhpIpcNotFoundException>(() => sem.UsageCount);
        Assert.Equal("semctl(GETVAL)", count.Operation);
        Assert.Equal(key, count.Key);
        Assert.Contains("the semaphore set does not exist or was removed", count.Message);

        var acquire = Assert.Throws<PhpIpcNotFoundException>(() => sem.Acquire(TimeSpan.FromSeconds(1)));
        Assert.Equal("semtimedop(acquire)", acquire.Operation);
        Assert.Contains("the semaphore set does not exist or was removed", acquire.Message);
        Assert.Equal("semop(acquire)", Assert.Throws<PhpIpcNotFoundException>(sem.Acquire).Operation);
        Assert.Equal("semop(try acquire)", Assert.Throws<PhpIpcNotFoundException>(() => sem.TryAcquire()).Operation);
    }
}
