using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>The segment + semaphore convenience against PHP code using sem_acquire around shm_put_var.</summary>
[Collection(SemMsgCollection.Name)]
public class PhpLockedSegmentTests
{
    private const string PhpHolder = """
        $k = (int)$argv[1];
        $sem = sem_get($k, 1, 0600);
        $shm = shm_attach($k, 10000, 0600);
        sem_acquire($sem);
        echo "held\n";
        fgets(STDIN);
        shm_put_var($shm, 7, 10);
        sem_release($sem);
        echo "released\n";
        fgets(STDIN);
        sem_acquire($sem);
        echo json_encode(shm_get_var($shm, 7)), "\n";
        sem_release($sem);
        """;

    private const string PhpWriterHoldingTheLock = """
        $k = (int)$argv[1];
        $sem = sem_get($k, 1, 0600);
        $shm = shm_attach($k, 10000, 0600);
        sem_acquire($sem);
        echo "held\n";
        fgets(STDIN);
        echo json_encode(shm_get_var($shm, 7)), "\n";
        shm_put_var($shm, 7, "php");
        sem_release($sem);
        echo "released\n";
        """;

    private static Task<object?> OnThread(Func<object?> call)
        => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Each locking entry point, what it returns once PHP wrote "php", and the bytes it leaves in variable 7.</summary>
    public static TheoryData<string> EntryPoints() => ["Write", "WithLock", "Update<T>", "UpdateAsync<T>", "Update(PhpValue)", "TryRead<T>"];

    private static (Task<object?> Call, object? Expected, string Stored) Start(string entry, PhpLockedSegment s) => entry switch
    {
        "Write" => (OnThread(() => { s.Write(7, "csharp"); return null; }), null, "s:6:\"csharp\";"),
        "WithLock" => (OnThread(() => s.WithLock(m => { string read = m.Get<string>(7)!; m.Put(7, read + "!"); return read; })), "php", "s:4:\"php!\";"),
        "Update<T>" => (OnThread(() => s.Update<string>(7, v => v + "+1")), "php+1", "s:5:\"php+1\";"),
        "UpdateAsync<T>" => (AsObject(s.UpdateAsync<string>(7, v => v + "+2")), "php+2", "s:5:\"php+2\";"),
        "Update(PhpValue)" => (OnThread(() => s.Update(7, v => (PhpSerializer.PhpValue)(((PhpSerializer.PhpString)v!).ToUtf8String() + "+3"))),
            (object)(PhpSerializer.PhpValue)"php+3", "s:5:\"php+3\";"),
        "TryRead<T>" => (OnThread(() => s.TryRead(7, out string? v) ? v : "<missing>"), "php", "s:3:\"php\";"),
        _ => throw new ArgumentOutOfRangeException(nameof(entry)),
    };

    private static async Task<object?> AsObject(Task<string> task) => await task.ConfigureAwait(false);

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task EveryEntryPointWaitsWhilePhpHoldsTheSemaphore(string entry)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Write(7, "before");
        using var php = ChildProcess.Php(PhpWriterHoldingTheLock, key.ToString(CultureInfo.InvariantCulture));
        php.Expect("held");

        var (call, expected, stored) = Start(entry, segment);
        Assert.True(SemaphoreWaiters.WaitsForLock(call, key), $"{entry} finished while PHP held the semaphore");
        php.WriteLine("go");
        Assert.Equal("\"before\"", php.ReadLine()); // PHP, holding the lock, still sees the old value
        php.Expect("released");
        Assert.True(await call.FinishesWithin(30_000), $"{entry} did not finish after PHP released the semaphore");
        Assert.Equal(expected, await call);
        Assert.Equal(0, php.WaitForExit());
        Assert.Equal(stored, System.Text.Encoding.ASCII.GetString(segment.Memory.GetRaw(7)!));
        Assert.Equal(0, segment.Semaphore.HeldCount);
        Assert.Equal(1, segment.Semaphore.AvailableCount);
    }

    [Fact]
    public async Task UpdateWaitsForPhpsLockAndPhpSeesTheResult()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = ChildProcess.Php(PhpHolder, key.ToString(CultureInfo.InvariantCulture));
        php.Expect("held");

        using var segment = PhpLockedSegment.Open(key);
        Task<long> update = segment.UpdateAsync<long>(7, v => v * 2 + 1);
        Assert.False(await update.FinishesWithin(150)); // PHP holds the lock
        php.WriteLine("go");
        php.Expect("released");
        Assert.True(await update.FinishesWithin(10_000));
        Assert.Equal(21, await update); // read PHP's 10 under the lock, wrote 21
        php.WriteLine("go");
        Assert.Equal("21", php.ReadLine());
        Assert.Equal(0, php.WaitForExit());
    }

    [Fact]
    public void AFailingUpdateWritesNothingAndReleasesTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Write(3, "before");
        Assert.Throws<InvalidOperationException>(() => segment.Update<string>(3, _ => throw new InvalidOperationException("no")));
        Assert.Equal(0, segment.Semaphore.HeldCount);
        Assert.True(segment.TryRead(3, out string? value));
        Assert.Equal("before", value);
        Assert.False(segment.TryRead(4, out string? _));

        // PHP takes the lock at once (it is free) and sees the value.
        var r = PhpRunner.RunCode($"$s = sem_get({key}); var_dump(sem_acquire($s, true)); var_dump(shm_get_var(shm_attach({key}), 3));").EnsureSuccess();
        Assert.Equal("bool(true)\nstring(6) \"before\"\n", r.StdoutText);

        var list = segment.Update(9, v => v is null ? PhpSerializer.PhpArray.List(1L) : v);
        Assert.Equal("a:1:{i:0;i:1;}", System.Text.Encoding.ASCII.GetString(segment.Memory.GetRaw(9)!));
        Assert.Equal(PhpSerializer.PhpArray.List(1L), list);
    }
}
