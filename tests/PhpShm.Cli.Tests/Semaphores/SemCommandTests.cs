using System.Diagnostics;
using System.Text.Json.Nodes;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.Semaphores;

/// <summary>sem status and sem exec against PHP semaphore holders.</summary>
public sealed class SemCommandTests
{
    /// <summary>A PHP script that takes the lock, records it and holds it until <c>ORDER.release</c> exists (at most 30 s).</summary>
    private static string HolderUntilReleased(int key, string orderFile) => $"""
        $s = sem_get({key}, 1, 0600);
        sem_acquire($s);
        file_put_contents('{orderFile}', "php-acquired\n", FILE_APPEND);
        for ($i = 0; $i < 3000 && !file_exists('{orderFile}.release'); $i++) usleep(10000);
        file_put_contents('{orderFile}', "php-releasing\n", FILE_APPEND);
        sem_release($s);
        """;

    private static void WaitForLine(string file, string line)
    {
        var sw = Stopwatch.StartNew();
        while (!(File.Exists(file) && File.ReadAllText(file).Contains(line, StringComparison.Ordinal)))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"'{line}' never appeared in {file}");
            Thread.Sleep(10);
        }
    }

    [Fact]
    public void ExecWaitsForThePhpHolderThenRunsTheCommandUnderTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string order = Path.Combine(Path.GetTempPath(), $"phpshm-order-{Guid.NewGuid():N}");
        string script = Path.Combine(Path.GetTempPath(), $"phpshm-holder-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, "<?php\n" + HolderUntilReleased(key, order));
        try
        {
            using Process php = PhpRunner.Start(script);
            WaitForLine(order, "php-acquired");
            using Process exec = CliRunner.Start("sem", "exec", Php.Hex(key), "--", "sh", "-c", $"echo cli-ran >> '{order}'; exit 7");
            exec.StandardInput.Close();

            // PHP holds the lock: sem exec must be blocked, its command not yet run.
            Thread.Sleep(1500);
            Assert.False(exec.HasExited, "sem exec ran while PHP held the lock");
            Assert.Equal(["php-acquired"], File.ReadAllLines(order));

            File.WriteAllText(order + ".release", "");
            Assert.True(exec.WaitForExit(30_000));
            Assert.True(php.WaitForExit(30_000));
            Assert.Equal(0, php.ExitCode);
            Assert.True(exec.ExitCode == 7, exec.StandardError.ReadToEnd()); // the command's exit code
            Assert.Equal(["php-acquired", "php-releasing", "cli-ran"], File.ReadAllLines(order));
        }
        finally
        {
            File.Delete(order);
            File.Delete(order + ".release");
            File.Delete(script);
        }
    }

    [Fact]
    public void PhpCannotTakeTheLockWhileExecRunsAndCanAfterwards()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string probe = $"var_dump(sem_acquire(sem_get({key}, 1, 0600), true));";
        CliResult inside = CliRunner.Run("sem", "exec", Php.Hex(key), "--", PhpRunner.PhpPath, "-r", probe);
        Assert.True(inside.ExitCode == 0, inside.ToString());
        Assert.Equal("bool(false)\n", inside.StdoutText);
        Assert.Equal("bool(true)\n", Php.RunText(probe));
    }

    [Fact]
    public void StatusShowsAPhpHolderAndWaiters()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string order = Path.Combine(Path.GetTempPath(), $"phpshm-order-{Guid.NewGuid():N}");
        string script = Path.Combine(Path.GetTempPath(), $"phpshm-holder-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, "<?php\n" + HolderUntilReleased(key, order));
        try
        {
            using Process php = PhpRunner.Start(script);
            WaitForLine(order, "php-acquired");
            CliResult r = CliRunner.Run("sem", "status", Php.Hex(key), "--json");
            Assert.True(r.ExitCode == 0, r.ToString());
            JsonNode s = JsonNode.Parse(r.StdoutText)!;
            Assert.Equal(0, (int)s["available"]!);
            Assert.Equal(1, (int)s["users"]!);
            Assert.True((bool)s["locked"]!);
            Assert.True((bool)s["phpLayout"]!);
            Assert.Equal(php.Id, (int)s["lastPid"]!);
            Assert.Equal("0600", (string)s["mode"]!);
            Assert.Contains("locked", CliRunner.Run("sem", "status", Php.Hex(key)).StdoutText);
            File.WriteAllText(order + ".release", "");
            Assert.True(php.WaitForExit(30_000));

            JsonNode after = JsonNode.Parse(CliRunner.Run("sem", "status", Php.Hex(key), "--json").StdoutText)!;
            Assert.Equal(1, (int)after["available"]!);
            Assert.Equal(0, (int)after["users"]!);
            Assert.False((bool)after["locked"]!);
        }
        finally
        {
            File.Delete(order);
            File.Delete(order + ".release");
            File.Delete(script);
        }
        Assert.Equal(1, CliRunner.Run("sem", "status", Php.Hex(keys.NewKey())).ExitCode);
    }

    [Fact]
    public void ExecOfAMissingCommandIsExit127AndReleasesTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        CliResult r = CliRunner.Run("sem", "exec", Php.Hex(key), "--", "/nonexistent/command");
        Assert.Equal(127, r.ExitCode);
        Assert.Contains("cannot run", r.Stderr);
        Assert.Equal("bool(true)\n", Php.RunText($"var_dump(sem_acquire(sem_get({key}, 1, 0600), true));"));
        Assert.Equal(2, CliRunner.Run("sem", "exec", Php.Hex(key)).ExitCode);
    }

    [Fact]
    public void PutAndRmWithLockWaitForThePhpHolder()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string order = Path.Combine(Path.GetTempPath(), $"phpshm-order-{Guid.NewGuid():N}");
        string script = Path.Combine(Path.GetTempPath(), $"phpshm-holder-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, "<?php\n" + HolderUntilReleased(key, order));
        try
        {
            Php.Run($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 'old');");
            using Process php = PhpRunner.Start(script);
            WaitForLine(order, "php-acquired");
            using Process put = CliRunner.Start("put", Php.Hex(key), "1", "--lock", Php.Hex(key));
            put.StandardInput.Write("s:3:\"new\";");
            put.StandardInput.Close();

            Thread.Sleep(1500);
            Assert.False(put.HasExited, "put --lock wrote while PHP held the lock");
            Assert.Equal("old", Php.RunText($"echo shm_get_var(shm_attach({key}), 1);"));

            File.WriteAllText(order + ".release", "");
            Assert.True(put.WaitForExit(30_000));
            Assert.True(put.ExitCode == 0, put.StandardError.ReadToEnd());
            Assert.Equal("new", Php.RunText($"echo shm_get_var(shm_attach({key}), 1);"));
            Assert.True(php.WaitForExit(30_000));

            Assert.Equal(0, CliRunner.Run("rm", Php.Hex(key), "1", "--lock", Php.Hex(key)).ExitCode);
            Assert.Equal("bool(false)\n", Php.RunText($"var_dump(shm_has_var(shm_attach({key}), 1));"));
            Assert.Equal("bool(true)\n", Php.RunText($"var_dump(sem_acquire(sem_get({key}, 1, 0600), true));")); // released
        }
        finally
        {
            File.Delete(order);
            File.Delete(order + ".release");
            File.Delete(script);
        }
    }
}
