using System.Diagnostics;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Semaphores;

/// <summary>Blocking, timed, cancellable and async acquisition against a PHP holder; removal.</summary>
[Collection(SemMsgCollection.Name)]
public class SemaphoreWaitTests
{
    [Fact]
    public async Task BlockingAcquireReturnsWhenPhpReleases()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        php.Run("get p 1");
        php.Run("acquire p");
        var blocked = Task.Factory.StartNew(() => { using (sem.Lock()) return SemValues.Read(key); }, TaskCreationOptions.LongRunning);
        Assert.False(await blocked.FinishesWithin(150));
        Assert.Equal("ok", php.Run("release p"));
        Assert.True(await blocked.FinishesWithin(10_000));
        Assert.Equal("0/2/0", await blocked); // the C# lock was held inside the using
        Assert.Equal("1/2/0", SemValues.Read(key)); // and released by it
        Assert.Equal(0, sem.HeldCount);
    }

    [Fact]
    public void TimedAcquireTimesOutWhilePhpHolds()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        php.Run("get p 1");
        php.Run("acquire p");
        var sw = Stopwatch.StartNew();
        Assert.False(sem.Acquire(TimeSpan.FromMilliseconds(300)));
        Assert.InRange(sw.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal(0, sem.HeldCount);
    }

    [Fact]
    public async Task CancellationStopsSyncAndAsyncWaitsWithoutTakingTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        php.Run("get p 1");
        php.Run("acquire p");

        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150)))
            Assert.ThrowsAny<OperationCanceledException>(() => sem.Acquire(cts.Token));

        using (var cts = new CancellationTokenSource())
        {
            Task pending = sem.AcquireAsync(cts.Token);
            Assert.False(await pending.FinishesWithin(100)); // (CPU use while waiting: NoBusyWaitTests)
            cts.Cancel();
            Assert.True(await pending.FinishesWithin(5_000));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        Assert.Equal(0, sem.HeldCount);
        Assert.Equal("0/2/0", SemValues.Read(key)); // still only PHP's hold
        Assert.Equal("ok", php.Run("release p"));
        Task again = sem.AcquireAsync(CancellationToken.None);
        Assert.True(await again.FinishesWithin(5_000));
        sem.Release();
    }

    [Fact]
    public void ReleaseWithoutHoldingIsAnErrorLikePhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var sem = PhpSemaphore.Get(key, 2);
        var ex = Assert.Throws<PhpSemaphoreNotAcquiredException>(sem.Release);
        Assert.Contains(PhpIpcException.FormatKey(key), ex.Message);
        var php = PhpRunner.RunCode($"$s = sem_get({key}); var_dump(sem_release($s));");
        Assert.Contains("is not currently acquired", php.Stderr + php.StdoutText);
        Assert.Contains("bool(false)", php.StdoutText);
        Assert.Equal("2/1/0", SemValues.Read(key)); // neither side changed the counter
    }

    [Fact]
    public async Task PhpRemovingTheSetWakesACSharpWaiterWithNotFound()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        php.Run("get p 1");
        php.Run("acquire p");
        var waiter = Task.Factory.StartNew(sem.Acquire, TaskCreationOptions.LongRunning);
        Assert.False(await waiter.FinishesWithin(100));
        Assert.Equal("ok", php.Run("remove p"));
        Assert.True(await waiter.FinishesWithin(5_000));
        var notFound = await Assert.ThrowsAsync<PhpIpcNotFoundException>(() => waiter);
        Assert.Equal(key, notFound.Key);
        Assert.Equal("none", SemValues.Read(key));
    }

    [Fact]
    public void CSharpRemoveIsSeenByPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        php.Run("get p 1");
        var sem = PhpSemaphore.Get(key);
        sem.Remove();
        Assert.Equal("failed", php.Run("acquire p"));
        sem.Dispose(); // after Remove, nothing to give back, no error
        Assert.Equal("none", SemValues.Read(key));
        Assert.Throws<ObjectDisposedException>(() => sem.TryAcquire());
    }
}
