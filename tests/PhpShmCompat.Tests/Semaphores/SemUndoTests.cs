using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Semaphores;

/// <summary>
/// Every semop of PHP's protocol carries <c>SEM_UNDO</c>, checked inside one process: the kernel
/// keeps a per-process adjustment (semadj) for each semaphore that an undo operation moves the
/// other way, and refuses (<c>ERANGE</c>) an undo operation that would take it past
/// -32768..32767. An operation without <c>SEM_UNDO</c> leaves semadj alone and goes through.
/// So the tests move this process's semadj to the edge with raw operations, call the library,
/// and expect ERANGE; one step back from the edge the same call succeeds.
/// </summary>
public class SemUndoTests
{
    private const int ERANGE = 34;
    private const int SemAdjMax = 32767, SemAdjMin = -32768;
    private const ushort Counter = 0, Usage = 1, Guard = 2;

    private static int SemId(int key) => Interop.SemGet(key, 0, 0);

    private static int Value(int key, ushort num) => Interop.SemCtl(SemId(key), num, Interop.Sem.GETVAL);

    private static unsafe void RawOp(int key, ushort num, int op, bool undo)
    {
        var buf = new Interop.SemBuf(num, checked((short)op), undo ? Interop.Sem.SEM_UNDO : (short)0);
        Assert.True(Interop.SemOp(SemId(key), &buf, 1) == 0, $"raw semop({num}, {op}, undo: {undo}) failed: errno {Interop.Errno.Last()}");
    }

    /// <summary>Moves this process's semadj of semaphore <paramref name="num"/> by <paramref name="delta"/>, leaving its value as it was.</summary>
    private static void MoveSemAdj(int key, ushort num, int delta)
    {
        while (delta != 0)
        {
            int room = SemAdjMax - Value(key, num);
            int step = Math.Min(Math.Abs(delta), room);
            if (delta > 0)
            {
                RawOp(key, num, step, undo: false); // semadj moves against an undo op: -step raises it by step
                RawOp(key, num, -step, undo: true);
                delta -= step;
            }
            else
            {
                RawOp(key, num, step, undo: true);
                RawOp(key, num, -step, undo: false);
                delta += step;
            }
        }
    }

    private static void AssertRange(Action call)
        => Assert.Equal(ERANGE, Assert.Throws<PhpIpcException>(call).Errno);

    [Fact]
    public void AcquireRecordsAnUndo()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key); // the first user's SETVAL cleared semadj[0]
        MoveSemAdj(key, Counter, SemAdjMax);   // an acquire would take it to 32768

        AssertRange(() => sem.TryAcquire());
        AssertRange(sem.Acquire);
        AssertRange(() => sem.Acquire(TimeSpan.FromSeconds(5)));
        AssertRange(() => sem.Acquire(Timeout.InfiniteTimeSpan));
        using var cts = new CancellationTokenSource();
        AssertRange(() => sem.Acquire(cts.Token));
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal(1, Value(key, Counter));

        MoveSemAdj(key, Counter, -1);
        Assert.True(sem.TryAcquire());
        Assert.Equal(1, sem.HeldCount);
        Assert.Equal(0, Value(key, Counter));
    }

    [Fact]
    public void ReleaseRecordsAnUndo()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var sem = PhpSemaphore.Get(key);
        sem.Acquire();                                  // semadj[0] = 1
        MoveSemAdj(key, Counter, SemAdjMin - 1);        // now -32768: a release would take it to -32769

        AssertRange(sem.Release);
        Assert.Equal("semop(release)", Assert.Throws<PhpIpcException>(sem.Release).Operation);
        Assert.Equal(1, sem.HeldCount);                 // the failed release is not counted
        Assert.Equal(0, Value(key, Counter));

        MoveSemAdj(key, Counter, 1);
        sem.Release();
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal(1, Value(key, Counter));
    }

    [Fact]
    public void GetRecordsAnUndoForTheUsageCount()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var first = PhpSemaphore.Get(key);         // semadj[1] = -1
        MoveSemAdj(key, Usage, SemAdjMin + 1);          // -32768: counting one more user would pass it

        AssertRange(() => PhpSemaphore.Get(key));
        Assert.Equal("semop(sem_get guard)", Assert.Throws<PhpIpcException>(() => PhpSemaphore.Get(key)).Operation);
        Assert.Equal(1, Value(key, Usage));
        Assert.Equal(0, Value(key, Guard));             // the failed entry took nothing

        MoveSemAdj(key, Usage, 1);
        using var second = PhpSemaphore.Get(key);
        Assert.Equal(2, Value(key, Usage));
    }

    [Fact]
    public void GetTakesAndGivesBackTheGuardWithUndo()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var first = PhpSemaphore.Get(key);         // took and gave back the guard: semadj[2] = 0
        MoveSemAdj(key, Guard, SemAdjMin);              // taking the guard would take it to -32769

        AssertRange(() => PhpSemaphore.Get(key));
        Assert.Equal(0, Value(key, Guard));
        Assert.Equal(1, Value(key, Usage));

        // At -32767 taking the guard reaches the edge and giving it back returns: both carry
        // SEM_UNDO, so any number of handles can be opened from here.
        MoveSemAdj(key, Guard, 1);
        using var second = PhpSemaphore.Get(key);
        using var third = PhpSemaphore.Get(key);
        Assert.Equal(0, Value(key, Guard));
        Assert.Equal(3, Value(key, Usage));
    }

    [Fact]
    public void DisposeGivesBackHoldsWithUndo()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var other = PhpSemaphore.Get(key, 2);
        var sem = PhpSemaphore.Get(key);
        sem.Acquire();                                  // semadj[0] = 1
        MoveSemAdj(key, Counter, SemAdjMin - 1);        // giving the hold back with undo would pass -32768

        sem.Dispose();                                  // the one semop is refused as a whole (and, like PHP, not reported)
        Assert.Equal(2, Value(key, Usage));
        Assert.Equal(1, Value(key, Counter));
    }

    [Fact]
    public void DisposeUncountsTheHandleWithUndo()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var other = PhpSemaphore.Get(key);
        var sem = PhpSemaphore.Get(key);                // semadj[1] = -2
        MoveSemAdj(key, Usage, SemAdjMax + 2);          // 32767: uncounting with undo would pass it

        sem.Dispose();
        Assert.Equal(2, Value(key, Usage));

        var again = PhpSemaphore.Get(key);              // semadj[1] 32766
        MoveSemAdj(key, Usage, -2);                     // 32764: room for the uncount
        again.Dispose();
        Assert.Equal(2, Value(key, Usage));             // sem's refused uncount is still counted
        Assert.Equal(1, Value(key, Counter));
    }
}
