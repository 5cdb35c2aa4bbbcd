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
