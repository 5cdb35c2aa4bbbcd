using System.Globalization;
using PhpSerializer;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;
using static PhpShmCompat.InteropTests.Faults.SegmentChecks;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>
/// A writer (C# or PHP) killed with SIGKILL while it holds the sysvsem lock
/// or is in the middle of its locked read-increment-put cycle. The kernel's SEM_UNDO must free
/// the lock, the segment must still validate, every value written before the kill must be
/// there (the counter never goes back, an untouched variable is intact), and PHP must read it.
/// </summary>
public class KilledWriterTests(ITestOutputHelper output)
{
    private const long Counter = 1;
    private const long Sentinel = 9;
    private static readonly byte[] SentinelValue = System.Text.Encoding.Latin1.GetBytes("a:2:{s:4:\"kept\";b:1;s:5:\"bytes\";s:3:\"\0\xff;\";}");

    [Fact]
    public void CsharpWriterKilledMidPutFreesTheLockAndLosesNoWrittenValue()
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewKey(), shmKey = keys.NewKey(), goKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        shm.PutRaw(Sentinel, SentinelValue);
        shm.PutRaw(Counter, "i:0;"u8); // the worker insists the variable exists under the lock
        using var sem = PhpSemaphore.Get(semKey);
        using var go = PhpMessageQueue.Get(goKey);
        var rng = new Random(8);
        long seen = 0;
        for (int round = 0; round < 3; round++)
        {
            using var worker = ChildProcess.Worker("counter", Str(semKey), Str(shmKey), Str(Counter), "100000000", "1", Str(goKey), "1000");
            worker.Expect("ready");
            go.SendRaw(1, "go"u8);
            seen = WaitForCounter(sem, shm, Counter, seen + 20);
            Thread.Sleep(rng.Next(0, 4)); // kill at a random point of its locked cycle
            worker.KillHard();
            seen = CheckAfterKill(sem, shm, seen, $"C# round {round}");
        }
        CheckPhpReads(shmKey, seen);
    }

    [Fact]
    public void PhpWriterKilledMidPutFreesTheLockAndLosesNoWrittenValue()
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewKey(), shmKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        shm.PutRaw(Sentinel, SentinelValue);
        using var sem = PhpSemaphore.Get(semKey);
        var rng = new Random(9);
        long seen = 0;
        for (int round = 0; round < 3; round++)
        {
            using var php = ChildProcess.Php(FaultScripts.LockedCounterLoop, Str(semKey), Str(shmKey));
            php.Expect("ready");
            seen = WaitForCounter(sem, shm, Counter, seen + 20);
            Thread.Sleep(rng.Next(0, 4));
            php.KillHard();
            seen = CheckAfterKill(sem, shm, seen, $"PHP round {round}");
            // Variable 2 is written right after the counter in the same locked cycle: it is the
            // one for the current value, or (killed between the two puts) for the one before.
            int length = ((PhpString)PhpSerialization.Unserialize(shm.GetRaw(2)!)).Length;
            Assert.Contains(length, new[] { (int)((seen - 1) % 97), (int)((seen - 2 + 97) % 97) });
        }
        CheckPhpReads(shmKey, seen);
    }

    [Fact]
    public void PhpKilledWhileHoldingTheLockAfterACompletePut()
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewKey(), shmKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        using var sem = PhpSemaphore.Get(semKey);
        using (var php = ChildProcess.Php(FaultScripts.HoldAfterPut, Str(semKey), Str(shmKey)))
        {
            php.Expect("held");
            Assert.False(sem.TryAcquire(), "PHP should hold the lock");
            php.KillHard();
        }
        Assert.True(sem.Acquire(TimeSpan.FromSeconds(5)), "SEM_UNDO did not free the lock of the killed PHP process");
        try
        {
            Assert.True(shm.Validate().IsValid);
            Assert.Equal("a:2:{s:7:\"written\";s:10:\"completely\";s:1:\"n\";i:7;}"u8.ToArray(), shm.GetRaw(7));
        }
        finally { sem.Release(); }
    }

    [Fact]
    public void CsharpKilledWhileHoldingTheLockBeforeItsPut()
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewKey(), shmKey = keys.NewKey(), goKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        shm.PutRaw(Counter, "i:41;"u8);
        using var sem = PhpSemaphore.Get(semKey);
        using var go = PhpMessageQueue.Get(goKey);
        // Holds the lock for 30 s between its read and its write: killed in between.
        using (var worker = ChildProcess.Worker("counter", Str(semKey), Str(shmKey), Str(Counter), "1", "1", Str(goKey), "30000000"))
        {
            worker.Expect("ready");
            go.SendRaw(1, "go"u8);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (sem.AvailableCount != 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Assert.False(sem.TryAcquire(), "the worker should hold the lock");
            worker.KillHard();
        }
        Assert.True(sem.Acquire(TimeSpan.FromSeconds(5)), "SEM_UNDO did not free the lock of the killed C# process");
        try { Assert.Equal(41, ReadInt(shm, Counter)); }
        finally { sem.Release(); }
        // PHP can take the same lock too (no one holds it any more).
        var run = PhpRunner.RunCode($"$s = sem_get({semKey}); echo sem_acquire($s, true) ? 'got' : 'busy';").EnsureSuccess();
        Assert.Equal("got", run.StdoutText);
    }

    /// <summary>Takes the lock (must come back within 5 s), checks the segment and returns the counter.</summary>
    private long CheckAfterKill(PhpSemaphore sem, PhpSharedMemory shm, long seen, string what)
    {
        Assert.True(sem.Acquire(TimeSpan.FromSeconds(5)), $"{what}: SEM_UNDO did not free the lock of the killed writer");
        try
        {
            PhpShmValidationReport report = shm.Validate();
            Assert.True(report.IsValid, $"{what}: segment damaged: {report}");
            long? counter = ReadInt(shm, Counter);
            Assert.True(counter >= seen, $"{what}: counter {counter?.ToString(CultureInfo.InvariantCulture) ?? "missing"} after {seen} was seen");
            Assert.Equal(SentinelValue, shm.GetRaw(Sentinel));
            output.WriteLine($"{what}: lock recovered, segment valid, counter {counter} (>= {seen} seen before the kill), sentinel intact");
            return counter!.Value;
        }
        finally { sem.Release(); }
    }

    private static void CheckPhpReads(int shmKey, long counter)
    {
        string dump = System.Text.Encoding.Latin1.GetString(PhpRunner.RunCode(FaultScripts.DumpVariables, null, Str(shmKey)).EnsureSuccess().Stdout);
        Assert.Contains($"1=i:{counter};\n", dump);
        Assert.Contains("9=" + System.Text.Encoding.Latin1.GetString(SentinelValue) + "\n", dump);
        Assert.DoesNotContain("warning", dump);
    }

    private static string Str(long n) => n.ToString(CultureInfo.InvariantCulture);
}
