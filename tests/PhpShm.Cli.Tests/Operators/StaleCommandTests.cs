using System.Diagnostics;
using System.Text.Json;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShm.Cli.Tests.Operators;

/// <summary><c>ls --stale</c> and <c>rm --stale</c> against objects left by a PHP process killed with SIGKILL, next to live ones.</summary>
public sealed class StaleCommandTests(ITestOutputHelper output)
{
    // Attaches a segment, joins a sem_get set and sends one message, then waits on stdin.
    private static string Holder(int shm, int sem, int queue) => $$"""
        <?php
        $s = shm_attach({{shm}}, 2000, 0600); shm_put_var($s, 1, 'x');
        $m = sem_get({{sem}}, 1, 0600); sem_acquire($m); sem_release($m);
        msg_send(msg_get_queue({{queue}}, 0600), 1, 'hello');
        echo "ready\n";
        fgets(STDIN);
        """;

    [Fact]
    public void StaleListsAndRemovesExactlyWhatAKilledPhpLeftAndNotTheLiveObjects()
    {
        using var keys = new IpcKeyScope();
        int deadShm = keys.NewKey(), deadSem = keys.NewKey(), deadMsg = keys.NewKey();
        int liveShm = keys.NewKey(), liveSem = keys.NewKey(), liveMsg = keys.NewKey();
        string dir = Directory.CreateTempSubdirectory("phpshm-stale").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "dead.php"), Holder(deadShm, deadSem, deadMsg));
            File.WriteAllText(Path.Combine(dir, "live.php"), Holder(liveShm, liveSem, liveMsg));
            using Process dead = PhpRunner.Start(Path.Combine(dir, "dead.php"));
            using Process live = PhpRunner.Start(Path.Combine(dir, "live.php"));
            try
            {
                Assert.Equal("ready", dead.StandardOutput.ReadLine());
                Assert.Equal("ready", live.StandardOutput.ReadLine());
                dead.Kill(); // SIGKILL: no shm_detach, no sem release by PHP; the kernel detaches and undoes
                dead.WaitForExit();

                // Another phpshm ls (a concurrent test, an operator) attaches every segment for a moment,
                // which makes it in use while it looks: ask again until the three are listed.
                List<(string? Kind, int Key, List<int> Pids)> listed = [];
                for (int attempt = 0; attempt < 20; attempt++)
                {
                    CliResult ls = CliRunner.Run("ls", "--stale", "--json");
                    Assert.True(ls.ExitCode == 0, ls.ToString());
                    listed = JsonDocument.Parse(ls.Stdout).RootElement.GetProperty("stale").EnumerateArray()
                        .Select(e => (Kind: e.GetProperty("kind").GetString(), Key: e.GetProperty("key").GetInt32(), Pids: e.GetProperty("gonePids").EnumerateArray().Select(p => p.GetInt32()).ToList()))
                        .ToList();
                    Assert.DoesNotContain(listed, s => s.Key == liveShm || s.Key == liveSem || s.Key == liveMsg);
                    if (new[] { deadShm, deadSem, deadMsg }.All(k => listed.Any(s => s.Key == k))) break;
                    Thread.Sleep(200);
                }
                Assert.Contains(listed, s => s.Kind == "segment" && s.Key == deadShm && s.Pids.Contains(dead.Id));
                Assert.Contains(listed, s => s.Kind == "semaphores" && s.Key == deadSem && s.Pids.Contains(dead.Id));
                Assert.Contains(listed, s => s.Kind == "queue" && s.Key == deadMsg);
                CliResult table = CliRunner.Run("ls", "--stale");
                Assert.Contains(Php.Hex(deadSem), table.StdoutText); // a semaphore set: no ls attaches it

                string[] all = [.. new[] { deadShm, deadSem, deadMsg, liveShm, liveSem, liveMsg }.Select(Php.Hex)];
                // Declined: nothing is removed.
                CliResult declined = CliRunner.RunText("n\n", ["rm", "--stale", .. all]);
                Assert.Equal(0, declined.ExitCode);
                Assert.Contains("not removed", declined.Stderr);
                Assert.True(IpcKeyScope.InUse(deadShm) && IpcKeyScope.InUse(deadSem) && IpcKeyScope.InUse(deadMsg));

                CliResult rm = CliRunner.RunText("y\n", ["rm", "--stale", .. all]);
                Assert.True(rm.ExitCode == 0, rm.ToString());
                Assert.Matches(@"removed [1-3] of [1-3] object\(s\)", rm.StdoutText);
                // As above, a concurrent ls may have hidden the segment for that moment: what is left goes on a second pass.
                for (int attempt = 0; attempt < 20 && IpcKeyScope.InUse(deadShm); attempt++)
                {
                    CliResult again = CliRunner.Run(["rm", "--stale", "--yes", "--json", .. all]);
                    Assert.True(again.ExitCode == 0, again.ToString());
                    Assert.All(JsonDocument.Parse(again.Stdout).RootElement.GetProperty("stale").EnumerateArray(),
                        e => Assert.Contains(e.GetProperty("key").GetInt32(), new[] { deadShm, deadSem, deadMsg }));
                    Thread.Sleep(200);
                }
                Assert.Null(SysvIpcTable.Find(SysvIpcTable.Segments(), deadShm));
                Assert.Null(SysvIpcTable.Find(SysvIpcTable.SemaphoreSets(), deadSem));
                Assert.Null(SysvIpcTable.Find(SysvIpcTable.Queues(), deadMsg));
                Assert.NotNull(SysvIpcTable.Find(SysvIpcTable.Segments(), liveShm));
                Assert.NotNull(SysvIpcTable.Find(SysvIpcTable.SemaphoreSets(), liveSem));
                Assert.NotNull(SysvIpcTable.Find(SysvIpcTable.Queues(), liveMsg));
                output.WriteLine($"killed PHP pid {dead.Id}: ls --stale listed its segment, semaphore set and queue, not the live PHP's; rm --stale removed exactly those 3");
            }
            finally
            {
                if (!dead.HasExited) dead.Kill();
                if (!live.HasExited) live.Kill();
                live.WaitForExit();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
