using System.Globalization;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>
/// PHP removes a segment, queue or semaphore while C# is using it. An attached
/// segment stays usable until detached (kernel IPC_RMID semantics) and a new attach gets a new
/// segment; a blocked receive or acquire ends with a typed error instead of hanging.
/// </summary>
public class RemovedWhileInUseTests
{
    [Fact]
    public void SegmentRemovedByPhpStaysReadableWhileAttachedAndTheKeyGetsAFreshSegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(key);
        shm.PutRaw(1, "s:4:\"kept\";"u8);

        PhpRunner.RunCode($"$s = shm_attach({key}); var_dump(shm_remove($s));").EnsureSuccess();
        Assert.False(Exists(key), "the key should be free once the segment is marked for removal");

        // Still attached: the fully written value is there and the segment still works.
        Assert.Equal("s:4:\"kept\";"u8.ToArray(), shm.GetRaw(1));
        shm.PutRaw(2, "i:2;"u8);
        Assert.True(shm.Validate().IsValid);

        // The key now names a new, empty segment for both languages.
        using var fresh = PhpSharedMemory.Attach(key);
        Assert.NotEqual(shm.Id, fresh.Id);
        Assert.Empty(fresh.Keys());
        fresh.PutRaw(3, "i:3;"u8);
        string dump = PhpRunner.RunCode(FaultScripts.DumpVariables, null, key.ToString(CultureInfo.InvariantCulture)).EnsureSuccess().StdoutText;
        Assert.Equal("3=i:3;\n", dump);
    }

    [Fact]
    public async Task QueueRemovedByPhpWhileCsharpWaitsInReceiveGivesATypedError()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var queue = PhpMessageQueue.Get(key);
        Task<PhpMessage> blocked = Task.Run(() => queue.Receive(5));
        Task<PhpMessage> polling = queue.ReceiveAsync(6);
        Assert.False(await blocked.FinishesWithin(200));

        PhpRunner.RunCode($"var_dump(msg_remove_queue(msg_get_queue({key})));").EnsureSuccess();

        Assert.True(await blocked.FinishesWithin(5_000), "blocking receive still waits on a removed queue");
        Assert.True(await ((Task)polling).FinishesWithin(5_000), "async receive still waits on a removed queue");
        var e = await Assert.ThrowsAsync<PhpIpcNotFoundException>(() => blocked);
        Assert.Contains("msgrcv", e.Message);
        await Assert.ThrowsAsync<PhpIpcNotFoundException>(() => polling);
        // Sending to the removed queue is a typed error too.
        Assert.ThrowsAny<PhpIpcException>(() => queue.SendRaw(1, "x"u8));
    }

    [Fact]
    public async Task SemaphoreRemovedByPhpWhileCsharpWaitsGivesATypedError()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var php = ChildProcess.Php($"""
            $s = sem_get({key}, 1, 0600);
            sem_acquire($s);
            echo "held\n";
            fgets(STDIN);
            var_dump(sem_remove($s));
            echo "removed\n";
            sleep(60);
            """);
        php.Expect("held");
        using var sem = PhpSemaphore.Get(key);
        Task waiter = Task.Run(() => sem.Acquire());
        Assert.False(await waiter.FinishesWithin(200));
        php.WriteLine("remove");
        Assert.Equal("bool(true)", php.ReadLine());
        php.Expect("removed");
        Assert.True(await waiter.FinishesWithin(5_000), "acquire still waits on a removed semaphore set");
        await Assert.ThrowsAnyAsync<PhpIpcException>(() => waiter);
    }

    private static bool Exists(int key) => IpcKeyScope.InUse(key);
}
