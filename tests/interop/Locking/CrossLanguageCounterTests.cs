using System.Globalization;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// Two PHP processes and two C# processes (IpcWorker) each do read-increment-write
/// cycles on one sysvshm variable (the same two PHP and C# programs in both runs). With the shared sysvsem lock the final count is exact; the
/// same run without the lock loses updates, which shows the test can fail.
/// </summary>
[Collection(SemMsgCollection.Name)]
public class CrossLanguageCounterTests(ITestOutputHelper output)
{
    private const int Iterations = 2000;
    private const long VarKey = 7;

    // Microseconds each cycle spends between its read and its write (standing for real work), on
    // both sides and in both runs: it makes the unlocked run's race window wide enough to show on
    // every run, and makes the locked run prove exclusion under real contention.
    private const int HoldMicros = 20;

    private const string PhpCounter = """
        [, $semKey, $shmKey, $varKey, $n, $lock, $goKey, $hold] = array_map('intval', $argv);
        $sem = sem_get($semKey, 1, 0600);
        $shm = shm_attach($shmKey, 10000, 0600);
        $go = msg_get_queue($goKey, 0600);
        echo "ready\n";
        msg_receive($go, 1, $type, 16, $msg);
        for ($i = 0; $i < $n; $i++) {
            if ($lock) sem_acquire($sem);
            $v = @shm_get_var($shm, $varKey);
            if ($v === false && $lock) { fwrite(STDERR, "variable vanished under the lock\n"); exit(3); }
            if ($hold > 0) usleep($hold);
            @shm_put_var($shm, $varKey, ($v === false ? 0 : $v) + 1);
            if ($lock) sem_release($sem);
        }
        echo "done\n";
        """;

    [Fact]
    public void LockedCyclesFromPhpAndCSharpLoseNoUpdate()
    {
        var (final, allClean) = Run(locked: true, out string detail);
        output.WriteLine(detail);
        Assert.True(allClean, detail);
        Assert.Equal(4L * Iterations, final);
    }

    [Fact]
    public void TheSameRunWithoutTheLockLosesUpdates()
    {
        var (final, allClean) = Run(locked: false, out string detail);
        output.WriteLine(detail);
        Assert.False(allClean && final == 4L * Iterations, $"expected lost updates without the lock, got an exact {final}; {detail}");
    }

    private static (long Final, bool AllClean) Run(bool locked, out string detail)
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewTrackedKey(), shmKey = keys.NewTrackedKey(), goKey = keys.NewTrackedKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        shm.PutRaw(VarKey, "i:0;"u8);
        using var go = PhpMessageQueue.Get(goKey);

        string[] common = new[] { semKey, shmKey, (int)VarKey, Iterations, locked ? 1 : 0, goKey, HoldMicros }.Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var processes = new List<ChildProcess>();
        try
        {
            // Locked run: one C# worker uses PhpSemaphore around raw shm calls (mode 1), the other
            // the PhpLockedSegment.Update convenience (mode 2).
            string[] convenience = (string[])common.Clone();
            if (locked) convenience[4] = "2";
            processes.Add(ChildProcess.Php(PhpCounter, common));
            processes.Add(ChildProcess.Worker(["counter", .. common]));
            processes.Add(ChildProcess.Php(PhpCounter, common));
            processes.Add(ChildProcess.Worker(["counter", .. convenience]));
            foreach (var p in processes) p.Expect("ready");
            foreach (var _ in processes) go.SendRaw(1, "go"u8); // all start together

            bool clean = true;
            var lines = new List<string>();
            foreach (var p in processes)
            {
                string line;
                try { line = p.ReadLine(TimeSpan.FromSeconds(60)); }
                catch (InvalidOperationException) when (!locked) { line = "crashed"; } // torn data may kill PHP
                int exit = line == "crashed" ? -1 : p.WaitForExit();
                lines.Add($"pid {p.Id}: {line} (exit {exit})");
                clean &= exit == 0 && (line == "done" || line == "done 0");
                if (locked && exit != 0) throw new InvalidOperationException($"pid {p.Id} failed: {p.Stderr}");
            }
            string text;
            try
            {
                byte[]? raw = shm.GetRaw(VarKey);
                text = raw is null ? "missing" : System.Text.Encoding.ASCII.GetString(raw);
            }
            catch (PhpShmCorruptException ex) when (!locked)
            {
                text = "corrupt segment: " + ex.Message; // unlocked writers can tear even the header
            }
            detail = $"final {text}; " + string.Join("; ", lines);
            long final = text.StartsWith("i:", StringComparison.Ordinal) && text.EndsWith(';')
                ? long.Parse(text[2..^1], CultureInfo.InvariantCulture)
                : -1;
            return (final, clean);
        }
        finally
        {
            foreach (var p in processes) p.Dispose();
        }
    }
}
