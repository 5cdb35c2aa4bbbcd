using PhpShmCompat.Diagnostics;
using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// The suite leaves no semaphore set or queue behind. PHP semantics keep the
/// objects alive after every handle is gone (neither sem_get's free nor a queue handle removes
/// anything), so cleanup is the key scope's job; this checks the kernel's own table
/// (<c>/proc/sysvipc</c>, what <c>ipcs</c> shows) before and after. <see cref="SemMsgLeakCheck"/>
/// repeats the check for every key of the collection when it ends.
/// </summary>
[Collection(SemMsgCollection.Name)]
public class NothingLeftBehindTests
{
    [Fact]
    public void IpcsShowsNoSemaphoreOrQueueOfAWorkloadAfterItsScope()
    {
        var used = new List<int>();
        using (var keys = new IpcKeyScope())
        {
            int phpSem = keys.NewTrackedKey(), csSem = keys.NewTrackedKey(), phpQueue = keys.NewTrackedKey(), csQueue = keys.NewTrackedKey();
            used.AddRange([phpSem, csSem, phpQueue, csQueue]);

            PhpRunner.RunCode($"$s = sem_get({phpSem}); sem_acquire($s); msg_send(msg_get_queue({phpQueue}, 0600), 1, 'x');").EnsureSuccess();
            using (var sem = PhpSemaphore.Get(csSem)) sem.Acquire(); // auto-release on dispose
            using (var worker = ChildProcess.Worker("sem-hold", csSem.ToString(CultureInfo.InvariantCulture), "1"))
            {
                worker.Expect("held");
                worker.KillHard();
            }
            using (var queue = PhpMessageQueue.Get(csQueue)) queue.SendScalar(2, 3.5);

            // Handles are all gone, the objects are not (as in PHP).
            Assert.Subset(SysvIpcTable.Keys(SysvIpcTable.SemaphoreSets()), new HashSet<int> { phpSem, csSem });
            Assert.Subset(SysvIpcTable.Keys(SysvIpcTable.Queues()), new HashSet<int> { phpQueue, csQueue });
            Assert.Equal("1/0/0", Semaphores.SemValues.Read(csSem)); // and nothing is still held
            Assert.Equal("1/0/0", Semaphores.SemValues.Read(phpSem));
        }
        HashSet<int> sems = SysvIpcTable.Keys(SysvIpcTable.SemaphoreSets()), queues = SysvIpcTable.Keys(SysvIpcTable.Queues());
        foreach (int key in used)
        {
            Assert.DoesNotContain(key, sems);
            Assert.DoesNotContain(key, queues);
        }
        IpcLeakCheck.ThrowIfAnyLeft(used, nameof(IpcsShowsNoSemaphoreOrQueueOfAWorkloadAfterItsScope));
    }
}
