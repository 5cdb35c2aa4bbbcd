using System.Globalization;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Semaphores;

/// <summary>PhpSemaphore on its own (no php needed): arguments, handle bookkeeping, dispose semantics.</summary>
public class PhpSemaphoreTests
{
    private static string Values(int key)
    {
        int id = Interop.SemGet(key, 0, 0);
        return id < 0 ? "none" : $"{Interop.SemCtl(id, 0, Interop.Sem.GETVAL)}/{Interop.SemCtl(id, 1, Interop.Sem.GETVAL)}/{Interop.SemCtl(id, 2, Interop.Sem.GETVAL)}";
    }

    private static string Perms(int key)
        => Convert.ToString(SysvIpcTable.Find(SysvIpcTable.SemaphoreSets(), key)!.Perms, 8);

    [Theory]
    [InlineData(-1)]
    [InlineData(32768)]
    public void MaxAcquireOutsideTheKernelRangeIsRejected(int maxAcquire)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Assert.Throws<ArgumentOutOfRangeException>(() => PhpSemaphore.Get(key, maxAcquire));
        Assert.Equal("none", Values(key));
    }

    [Fact]
    public void NewSetsAre0600UnlessToldOtherwise()
    {
        using var keys = new IpcKeyScope();
        int a = keys.NewKey(), b = keys.NewKey();
        using var sa = PhpSemaphore.Get(a);
        using var sb = PhpSemaphore.Get(b, 1, IpcPermissions.Everyone);
        Assert.Equal("600", Perms(a));
        Assert.Equal("666", Perms(b));
    }

    [Fact]
    public void LockReleasesOnceEvenWhenDisposedTwice()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key, 2);
        sem.Acquire();
        PhpSemaphoreLock l = sem.Lock();
        Assert.True(l.IsHeld);
        Assert.Equal("0/1/0", Values(key));
        l.Dispose();
        l.Dispose();
        Assert.False(l.IsHeld);
        Assert.Equal(1, sem.HeldCount);
        Assert.Equal("1/1/0", Values(key));
        sem.Release();
        Assert.Throws<PhpSemaphoreNotAcquiredException>(sem.Release);
        Assert.Equal("2/1/0", Values(key));
    }

    [Fact]
    public void MaxAcquireZeroNeverGrants()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key, 0);
        Assert.False(sem.TryAcquire());
        Assert.False(sem.Acquire(TimeSpan.FromMilliseconds(20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sem.Acquire(TimeSpan.FromMilliseconds(-5)));
    }

    [Fact]
    public void DisposeGivesBackEveryHoldAndTheUsageCountInOneStep()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var other = PhpSemaphore.Get(key, 5);
        var sem = PhpSemaphore.Get(key);
        Assert.True(sem.TryAcquire());
        Assert.True(sem.TryAcquire());
        Assert.True(sem.TryAcquire());
        Assert.Equal("2/2/0", Values(key));
        sem.Dispose();
        Assert.Equal("5/1/0", Values(key));
        Assert.Throws<ObjectDisposedException>(() => sem.TryAcquire());
        Assert.Throws<ObjectDisposedException>(sem.Release);
        other.Dispose();
        Assert.Equal("5/0/0", Values(key));
    }

    [Fact]
    public void WithoutAutoReleaseDisposeLeavesHoldsAndUsageLikePhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var sem = PhpSemaphore.Get(key, 3, autoRelease: false);
        sem.Acquire();
        sem.Dispose();
        Assert.Equal("2/1/0", Values(key)); // the kernel's SEM_UNDO restores both when this process exits
        using var again = PhpSemaphore.Get(key);
        Assert.Equal("2/2/0", Values(key)); // not a first user: the counter is not reset
    }

    [Fact]
    public void ThreadsOfOneProcessExcludeEachOther()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        long counter = 0;
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                using (sem.Lock())
                {
                    long read = Volatile.Read(ref counter);
                    Thread.SpinWait(20);
                    Volatile.Write(ref counter, read + 1);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(2000, counter);
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal("1/1/0", Values(key));
    }

    [Fact]
    public void OperationsOnARemovedSetFailWithNotFound()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        using var other = PhpSemaphore.Get(key);
        other.Remove();
        var ex = Assert.Throws<PhpIpcNotFoundException>(() => sem.TryAcquire());
        Assert.Equal(key, ex.Key);
        Assert.Throws<PhpIpcNotFoundException>(() => sem.UsageCount);
    }

    [Fact]
    public void ASetThatIsNotPhpsIsAClearError()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Assert.True(Interop.SemGet(key, 1, Interop.Ipc.IPC_CREAT | 0x180) >= 0);
        var ex = Assert.Throws<PhpIpcException>(() => PhpSemaphore.Get(key));
        Assert.Equal(22, ex.Errno);
        Assert.Contains("fewer than PHP's 3 semaphores", ex.Message);
    }
}
