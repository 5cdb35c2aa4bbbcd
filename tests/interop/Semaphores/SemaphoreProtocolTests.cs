using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Semaphores;

/// <summary>
/// The C# side follows PHP's sem_get/acquire/release/free protocol exactly. The
/// same command sequence runs once all in PHP and once mixed or all in C#; after every step the
/// kernel values (counter/usage/guard) must be identical.
/// </summary>
[Collection(SemMsgCollection.Name)]
public class SemaphoreProtocolTests
{
    // Each step: which side runs it ('P' PHP, 'C' C#) and the command.
    private static readonly string[] Sequence =
    [
        "get a 3", "get b 1", "acquire a", "try a", "try b", "get c 5", "release a",
        "release c", "free b", "acquire c", "try c", "free a", "get d 7", "try d", "free c", "free d",
    ];

    public static TheoryData<string> Mixes => new()
    {
        "CCCCCCCCCCCCCCCC", // all C#
        "PCPCPCPCPCPCPCPC", // alternating, handles of both languages on one key
        "CPPCCPPCCPCPPCPC",
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public void KernelValuesMatchAnAllPhpRunStepByStep(string mix)
    {
        using var keys = new IpcKeyScope();
        int phpKey = keys.NewTrackedKey(), mixKey = keys.NewTrackedKey();
        using var phpOnly = new PhpSemDriver(phpKey);
        using var phpPart = new PhpSemDriver(mixKey);
        using var csPart = new CSharpSemDriver(mixKey);

        // A handle lives on the side that created it; map names to sides by their "get" step.
        var sideOf = new Dictionary<string, char>();
        for (int i = 0; i < Sequence.Length; i++)
        {
            string cmd = Sequence[i];
            string name = cmd.Split(' ')[1];
            if (cmd.StartsWith("get ", StringComparison.Ordinal)) sideOf[name] = mix[i];
            ISemDriver side = sideOf[name] == 'P' ? phpPart : csPart;

            string expectedReply = phpOnly.Run(cmd);
            string reply = side.Run(cmd);
            Assert.True(expectedReply == reply, $"step {i} '{cmd}' on {sideOf[name]}: PHP alone replied {expectedReply}, mixed run replied {reply}");
            Assert.True(SemValues.Read(phpKey) == SemValues.Read(mixKey),
                $"step {i} '{cmd}': PHP alone {SemValues.Read(phpKey)} vs mixed {SemValues.Read(mixKey)} (counter/usage/guard)");
        }
        // Worked by hand: every handle freed, auto-release gave all holds back to a's max_acquire 3.
        Assert.Equal("3/0/0", SemValues.Read(mixKey));
    }

    [Fact]
    public void MaxAcquireOfTheFirstPhpUserIsHonouredByCSharp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        Assert.Equal("ok", php.Run("get p 3"));
        using var sem = PhpSemaphore.Get(key, maxAcquire: 1); // ignored: PHP came first
        Assert.True(sem.TryAcquire());
        Assert.True(sem.TryAcquire());
        Assert.True(sem.TryAcquire());
        Assert.False(sem.TryAcquire());
        Assert.Equal("0", php.Run("try p"));
        Assert.Equal(3, sem.HeldCount);
        Assert.Equal(2, sem.UsageCount);
    }

    [Fact]
    public void MaxAcquireOfTheFirstCSharpUserIsHonouredByPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var sem = PhpSemaphore.Get(key, maxAcquire: 2);
        var r = PhpRunner.RunCode($"$s = sem_get({key}, 10); $n = 0; while ($n < 20 && sem_acquire($s, true)) $n++; echo $n;").EnsureSuccess();
        Assert.Equal("2", r.StdoutText);
        Assert.Equal("2/1/0", SemValues.Read(key)); // PHP's auto-release gave both back on exit
    }

    [Fact]
    public void NonBlockingAcquireFailsWhilePhpHoldsAndSucceedsAfter()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        using var sem = PhpSemaphore.Get(key);
        Assert.Equal("ok", php.Run("get p 1"));
        Assert.Equal("ok", php.Run("acquire p"));
        Assert.False(sem.TryAcquire());
        Assert.False(sem.Acquire(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(0, sem.HeldCount);
        Assert.Equal("ok", php.Run("release p"));
        Assert.True(sem.TryAcquire());
        Assert.Equal("0", php.Run("try p"));
        sem.Release();
        Assert.Equal("1", php.Run("try p"));
    }

    [Fact]
    public void UsageCountFollowsHandlesOfBothLanguagesInAnyOrder()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        php.Run("get p1 1");
        Assert.Equal("1/1/0", SemValues.Read(key));
        var c1 = PhpSemaphore.Get(key);
        Assert.Equal("1/2/0", SemValues.Read(key));
        php.Run("get p2 1");
        Assert.Equal("1/3/0", SemValues.Read(key));
        php.Run("free p1");
        Assert.Equal("1/2/0", SemValues.Read(key));
        c1.Dispose();
        c1.Dispose(); // a second Dispose changes nothing
        Assert.Equal("1/1/0", SemValues.Read(key));
        var c2 = PhpSemaphore.Get(key, 4); // not the first user: counter stays 1
        Assert.Equal("1/2/0", SemValues.Read(key));
        php.Run("free p2");
        c2.Dispose();
        Assert.Equal("1/0/0", SemValues.Read(key));
        using var c3 = PhpSemaphore.Get(key, 4); // first user again: SETVAL 4
        Assert.Equal("4/1/0", SemValues.Read(key));
    }
}
