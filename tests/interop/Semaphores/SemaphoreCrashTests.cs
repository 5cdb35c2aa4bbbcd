using System.Globalization;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Semaphores;

/// <summary>A holder killed with SIGKILL frees the lock through SEM_UNDO, both ways.</summary>
[Collection(SemMsgCollection.Name)]
public class SemaphoreCrashTests
{
    [Fact]
    public void KilledCSharpHolderDoesNotDeadlockPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        Assert.Equal("ok", php.Run("get p 1"));

        using var worker = ChildProcess.Worker("sem-hold", key.ToString(CultureInfo.InvariantCulture), "1");
        worker.Expect("held");
        Assert.Equal("0", php.Run("try p"));
        Assert.Equal("0/2/0", SemValues.Read(key));

        worker.KillHard(); // no Dispose, no auto-release: only the kernel's undo
        Assert.Equal("1/1/0", SemValues.Read(key)); // hold and usage count both undone
        Assert.Equal("ok", php.Run("acquire p")); // would hang forever without SEM_UNDO
        Assert.Equal("ok", php.Run("release p"));
    }

    [Fact]
    public void KilledPhpHolderDoesNotDeadlockCSharp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var sem = PhpSemaphore.Get(key);
        using (var php = new PhpSemDriver(key))
        {
            Assert.Equal("ok", php.Run("get p 1"));
            Assert.Equal("ok", php.Run("acquire p"));
            Assert.False(sem.TryAcquire());
            php.Process.KillHard();
        }
        Assert.Equal("1/1/0", SemValues.Read(key));
        Assert.True(sem.Acquire(TimeSpan.FromSeconds(5)));
        sem.Release();
    }

    [Fact]
    public async Task BlockedCSharpWaiterWakesWhenThePhpHolderIsKilled()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var sem = PhpSemaphore.Get(key);
        using var php = new PhpSemDriver(key);
        Assert.Equal("ok", php.Run("get p 1"));
        Assert.Equal("ok", php.Run("acquire p"));
        Task waiter = sem.AcquireAsync();
        Assert.False(await waiter.FinishesWithin(100));
        php.Process.KillHard();
        Assert.True(await waiter.FinishesWithin(10_000));
        await waiter;
        Assert.Equal(1, sem.HeldCount);
        sem.Release();
    }
}
