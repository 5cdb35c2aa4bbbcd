using System.Diagnostics;
using System.Text.Json;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShm.Cli.Tests.Operators;

/// <summary><c>phpshm watch</c>: the live display in a real terminal (tmux), and its JSON lines in a pipe.</summary>
public sealed class WatchCommandTests(ITestOutputHelper output)
{
    [TmuxFact]
    public void Watch_redraws_in_a_terminal_shows_changes_and_quits_on_q()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 4000, 0600); shm_put_var($s, 1, 'small'); shm_put_var($s, 2, [1, 2, 3]);");
        string socket = $"phpshm-test-{Environment.ProcessId}-{key:x8}";
        string command = $"'{CliRunner.DotnetPathForShell}' '{CliRunner.ToolPath}' watch {Php.Hex(key)} --interval 1500";
        try
        {
            Tmux(socket, "new-session", "-d", "-s", "w", "-x", "150", "-y", "30", command);
            string first = WaitForPane(socket, "\"small\"");
            Assert.Contains("fill [", first);
            Assert.Contains("│ 2   │ 30     │ array(3) │ [1,2,3]", first);

            Php.Run($"$s = shm_attach({key}); shm_put_var($s, 2, 'changed!'); shm_put_var($s, 3, 3.5);");
            string second = WaitForPane(socket, "\"changed!\"");
            Assert.Matches(@"│ 2\s+│ 15\s+│ string\s+│ ""changed!""\s+│ changed", second);
            Assert.Matches(@"│ 3\s+│ 6\s+│ float\s+│ 3\.5\s+│ new", second);
            // Redrawn in place: the header line is on the screen once, not once per refresh.
            Assert.Single(second.Split('\n'), l => l.StartsWith("segment 0x", StringComparison.Ordinal));

            Tmux(socket, "send-keys", "-t", "w", "q");
            var clock = Stopwatch.StartNew();
            while (Tmux(socket, "has-session", "-t", "w").ExitCode == 0)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "watch did not quit on q");
                Thread.Sleep(100);
            }
            output.WriteLine("tmux pane after the change:\n" + second);
        }
        finally
        {
            Tmux(socket, "kill-server");
        }
    }

    [Fact]
    public void WatchJsonWritesOneLinePerRefreshWithWhatChanged()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 4000, 0600); shm_put_var($s, 1, 'a'); shm_put_var($s, 2, 'b');");
        using Process watch = CliRunner.Start("watch", Php.Hex(key), "--json", "--interval", "200");
        try
        {
            watch.StandardInput.Close();
            JsonElement first = JsonDocument.Parse(watch.StandardOutput.ReadLine()!).RootElement;
            Assert.Equal("segment", first.GetProperty("kind").GetString());
            Assert.Equal(2, first.GetProperty("variables").GetArrayLength());
            Assert.True(first.GetProperty("capacity").GetProperty("used").GetInt64() > 40);

            Php.Run($"$s = shm_attach({key}); shm_put_var($s, 2, 'B'); shm_put_var($s, 7, 7); shm_remove_var($s, 1);");
            JsonElement changed = default;
            for (int i = 0; i < 50; i++)
            {
                JsonElement line = JsonDocument.Parse(watch.StandardOutput.ReadLine()!).RootElement;
                if (line.GetProperty("removed").GetArrayLength() > 0) { changed = line; break; }
            }
            Assert.Equal(JsonValueKind.Object, changed.ValueKind);
            var vars = changed.GetProperty("variables").EnumerateArray().ToDictionary(v => v.GetProperty("var").GetInt64(), v => v.GetProperty("change").GetString());
            Assert.Equal("changed", vars[2]);
            Assert.Equal("new", vars[7]);
            Assert.Equal([1L], changed.GetProperty("removed").EnumerateArray().Select(e => e.GetInt64()));
        }
        finally
        {
            if (!watch.HasExited) watch.Kill();
        }
    }

    [Fact]
    public void WatchQueueOnceReportsTheDepthPhpLeft()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$q = msg_get_queue({key}, 0600); for ($i = 0; $i < 3; $i++) msg_send($q, 1, 'job' . $i);");
        CliResult json = CliRunner.Run("watch", "--queue", Php.Hex(key), "--once", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        JsonElement q = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(3, q.GetProperty("messages").GetInt64());
        Assert.True(q.GetProperty("bytes").GetInt64() > 0);
        CliResult text = CliRunner.Run("watch", "--queue", Php.Hex(key), "--once");
        Assert.Matches(@"messages \(depth\)\s*\|\s*3", text.StdoutText);
        Assert.Equal(1, CliRunner.Run("watch", "--queue", Php.Hex(keys.NewKey()), "--once").ExitCode);

        // Two refreshes with five more messages in between: the depth went up, and so does the rate.
        using Process watch = CliRunner.Start("watch", "--queue", Php.Hex(key), "--json", "--interval", "1000", "--count", "2");
        try
        {
            watch.StandardInput.Close();
            JsonElement first = JsonDocument.Parse(watch.StandardOutput.ReadLine()!).RootElement;
            Assert.Equal(JsonValueKind.Null, first.GetProperty("ratePerSecond").ValueKind);
            Php.Run($"$q = msg_get_queue({key}); for ($i = 0; $i < 5; $i++) msg_send($q, 1, 'more');");
            JsonElement second = JsonDocument.Parse(watch.StandardOutput.ReadLine()!).RootElement;
            Assert.Equal(8, second.GetProperty("messages").GetInt64());
            Assert.True(second.GetProperty("ratePerSecond").GetDouble() > 0);
            Assert.True(watch.WaitForExit(10_000), "--count 2 did not end the watch");
            Assert.Equal(0, watch.ExitCode);
        }
        finally
        {
            if (!watch.HasExited) watch.Kill();
        }
    }

    private static string WaitForPane(string socket, string text)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string pane = Tmux(socket, "capture-pane", "-p", "-t", "w").Stdout;
            if (pane.Contains(text, StringComparison.Ordinal)) return pane;
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"the pane never showed {text}:\n{pane}");
            Thread.Sleep(100);
        }
    }

    private static (int ExitCode, string Stdout) Tmux(string socket, params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(socket);
        foreach (string a in args) psi.ArgumentList.Add(a);
        // A clean terminal: no colour settings of the machine's user leak in.
        psi.Environment["TERM"] = "xterm-256color";
        using Process p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout);
    }
}
