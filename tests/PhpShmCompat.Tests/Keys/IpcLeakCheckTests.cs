using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Keys;

/// <summary>The shared leak check sees every kind of object under a key, names it, and is quiet once the key is empty.</summary>
public sealed class IpcLeakCheckTests
{
    [Fact]
    public void ReportsEachKindOfObjectLeftUnderAnIssuedKeyUntilItIsRemoved()
    {
        using var keys = new IpcKeyScope();
        var check = new IpcLeakCheck("leak check test");
        int shm = check.NewKey(keys, "segment"), sem = check.NewKey(keys, "semaphore"), msg = check.NewKey(keys, "queue");
        check.ThrowIfAnyLeft(); // nothing made yet

        using (PhpSharedMemory.Attach(shm, 1000)) { }
        using (PhpSemaphore.Get(sem)) { }
        using (PhpMessageQueue.Get(msg)) { }
        Assert.Equal(["shm"], IpcLeakCheck.ObjectsUnder(shm));
        Assert.Equal(["sem"], IpcLeakCheck.ObjectsUnder(sem));
        Assert.Equal(["msg"], IpcLeakCheck.ObjectsUnder(msg));

        var e = Assert.Throws<InvalidOperationException>(check.ThrowIfAnyLeft);
        Assert.StartsWith("leak check test left IPC objects behind: ", e.Message);
        Assert.Contains($"0x{shm:x8} (shm, segment)", e.Message);
        Assert.Contains($"0x{sem:x8} (sem, semaphore)", e.Message);
        Assert.Contains($"0x{msg:x8} (msg, queue)", e.Message);

        IpcKeyScope.RemoveAll(sem);
        e = Assert.Throws<InvalidOperationException>(() => IpcLeakCheck.ThrowIfAnyLeft([shm, sem]));
        Assert.Contains($"0x{shm:x8} (shm)", e.Message);
        Assert.DoesNotContain($"0x{sem:x8}", e.Message);

        IpcKeyScope.RemoveAll(shm);
        IpcKeyScope.RemoveAll(msg);
        check.ThrowIfAnyLeft();
        Assert.Empty(IpcLeakCheck.ObjectsUnder(shm));
    }
}
