using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PhpShmCompat;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShm.Cli.Tests.Operators;

/// <summary><c>phpshm grow</c> and the capacity figures of <c>dump</c>, against segments PHP filled.</summary>
public sealed class GrowCommandTests(ITestOutputHelper output)
{
    // PHP fills the segment with variables 1, 2, ... until shm_put_var fails; prints how many fit.
    private static string FillUntilFull(int key, int size) => $$"""
        $s = shm_attach({{key}}, {{size}}, 0600);
        for ($i = 1; ; $i++) {
            if (!@shm_put_var($s, $i, ['n' => $i, 'text' => str_repeat(chr(65 + $i % 26), 37 * $i % 300), 'f' => $i / 7])) break;
        }
        echo $i - 1;
        """;

    private static string SerializeAll(int key) => $$"""
        $s = shm_attach({{key}});
        $out = [];
        for ($i = 1; shm_has_var($s, $i); $i++) $out[] = serialize(shm_get_var($s, $i));
        echo implode("\n", $out);
        """;

    [Fact]
    public void GrowOfASegmentPhpFilledKeepsEveryVariableAndPhpCanPutAgain()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        int stored = int.Parse(Php.RunText(FillUntilFull(key, 3000)), CultureInfo.InvariantCulture);
        Assert.True(stored > 3);
        string before = Php.RunText(SerializeAll(key));
        byte[] oldImage = Php.Image(key);

        // The capacity shown is what PHP's next put of that much would need.
        CliResult dump = CliRunner.Run("dump", "--json", Php.Hex(key));
        Assert.Equal(0, dump.ExitCode);
        JsonElement cap = JsonDocument.Parse(dump.Stdout).RootElement.GetProperty("capacity");
        long newVarFits = cap.GetProperty("newVarFits").GetInt64();
        Assert.True(cap.GetProperty("free").GetInt64() < 400);

        CliResult grow = CliRunner.Run("grow", Php.Hex(key), "--size", "20000");
        Assert.True(grow.ExitCode == 0, grow.ToString());
        Assert.Contains("0 process(es) attached", grow.StdoutText);

        // PHP, attaching again, reads every variable unchanged, and its next put succeeds.
        Assert.Equal(before, Php.RunText(SerializeAll(key)));
        Assert.Equal("ok", Php.RunText($"$s = shm_attach({key}); echo shm_put_var($s, 1000, str_repeat('x', 5000)) ? 'ok' : 'full';"));

        // Exactly PHP's layout: the same header and chunks, total = the new size.
        byte[] newImage = Php.Image(key);
        Assert.Equal(20000, newImage.Length);
        long oldEnd = BitConverter.ToInt64(oldImage, 16);
        Assert.Equal(oldImage.AsSpan(40, (int)oldEnd - 40).ToArray(), newImage.AsSpan(40, (int)oldEnd - 40).ToArray());
        Assert.Equal(20000, BitConverter.ToInt64(newImage, 32));
        output.WriteLine($"PHP stored {stored} variables in 3000 bytes before shm_put_var failed (a new variable fitted up to {newVarFits} bytes); grown to 20000");
    }

    [Fact]
    public void CapacityFiguresAreWhatPhpCanStillPut()
    {
        using var keys = new IpcKeyScope();
        int a = keys.NewKey(), b = keys.NewKey();
        foreach (int k in new[] { a, b })
            Php.Run($"$s = shm_attach({k}, 2000, 0600); shm_put_var($s, 1, 'small'); shm_put_var($s, 2, str_repeat('y', 700)); shm_put_var($s, 3, 42);");
        CliResult text = CliRunner.Run("dump", Php.Hex(b));
        Assert.Contains("capacity: used 872 of 2000 bytes (43.6%), free 1128; largest variable 2 (709 bytes; a put of it fits up to 1840 bytes)", text.StdoutText);
        JsonElement cap = JsonDocument.Parse(CliRunner.Run("dump", "--json", Php.Hex(a)).Stdout).RootElement.GetProperty("capacity");
        Assert.Equal(2, cap.GetProperty("largestVar").GetInt64());
        long fits = cap.GetProperty("largestPutFits").GetInt64();
        // A string whose serialize() is exactly `fits` bytes fits; one byte more does not (s:N:"...";).
        Assert.Equal("ok", Php.RunText($"$s = shm_attach({a}); echo @shm_put_var($s, 2, str_repeat('z', {StringLengthFor(fits)})) ? 'ok' : 'full';"));
        Assert.Equal("full", Php.RunText($"$s = shm_attach({b}); echo @shm_put_var($s, 2, str_repeat('z', {StringLengthFor(fits) + 1})) ? 'ok' : 'full';"));
    }

    // The string length whose serialize() form s:N:"...."; is exactly `serialized` bytes long.
    private static int StringLengthFor(long serialized)
    {
        for (int n = (int)serialized; n >= 0; n--)
            if (n + 6 + n.ToString(CultureInfo.InvariantCulture).Length == serialized) return n;
        throw new InvalidOperationException($"no string serializes to {serialized} bytes");
    }

    [Fact]
    public void GrowRefusesWhileProcessesAreAttachedUnlessForced()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string script = Path.Combine(Path.GetTempPath(), $"phpshm-attached-{key:x8}.php");
        File.WriteAllText(script, $"<?php $s = shm_attach({key}, 4000, 0600); shm_put_var($s, 1, 'held'); echo \"ready\\n\"; fgets(STDIN); echo shm_get_var($s, 1);");
        using Process php = PhpRunner.Start(script);
        try
        {
            Assert.Equal("ready", php.StandardOutput.ReadLine());
            CliResult refused = CliRunner.Run("grow", Php.Hex(key), "--size", "8000");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("1 process(es) attached", refused.Stderr);
            Assert.Contains("--force", refused.Stderr);
            CliResult forced = CliRunner.Run("grow", Php.Hex(key), "--size", "8000", "--force", "--json");
            Assert.True(forced.ExitCode == 0, forced.ToString());
            Assert.Equal(1, JsonDocument.Parse(forced.Stdout).RootElement.GetProperty("stillAttachedToOld").GetInt64());
            // The attached PHP keeps the old copy; a new attach gets the new 8000-byte segment.
            php.StandardInput.WriteLine();
            Assert.Equal("held", php.StandardOutput.ReadToEnd());
            Assert.Equal("8000 held", Php.RunText($"$s = shmop_open({key}, 'a', 0, 0); echo shmop_size($s), ' ', shm_get_var(shm_attach({key}), 1);"));
        }
        finally
        {
            if (!php.HasExited) php.Kill();
            File.Delete(script);
        }
    }

    [Fact]
    public void GrowKilledAtAnyMomentLeavesTheOldOrTheNewSegmentComplete()
    {
        using var keys = new IpcKeyScope();
        var rng = new Random(18);
        int untouched = 0, restored = 0, newKept = 0, runs = 12;
        for (int run = 0; run < runs; run++)
        {
            int key = keys.NewKey();
            // 8 MB of variables so the copy and check take a while.
            Php.Run($"$s = shm_attach({key}, 9000000, 0600); for ($i = 1; $i <= 40; $i++) shm_put_var($s, $i, str_repeat(chr(64 + $i), 200000 + $i));");
            string before = Php.RunText($"$s = shm_attach({key}); $h = ''; for ($i = 1; $i <= 40; $i++) $h .= md5(serialize(shm_get_var($s, $i))); echo md5($h);");
            int oldId = PhpShmSegmentInfo.Read(key).Id;
            using Process grow = CliRunner.Start("grow", Php.Hex(key), "--size", "12000000");
            grow.StandardInput.Close();
            Thread.Sleep(rng.Next(50, 900));
            grow.Kill();
            grow.WaitForExit();

            // The holder, if the grower got that far, settles the key within a few seconds.
            PhpShmSegmentInfo info = WaitForPublished(key);
            string after = Php.RunText($"$s = shm_attach({key}); $h = ''; for ($i = 1; $i <= 40; $i++) $h .= md5(serialize(shm_get_var($s, $i))); echo md5($h);");
            Assert.Equal(before, after);
            Assert.True(info.Size is 9000000 or 12000000, $"size {info.Size}");
            Assert.Equal(0x180, info.Mode);
            if (info.Size == 12000000) newKept++;
            else if (info.Id == oldId) untouched++;
            else restored++;
        }
        output.WriteLine($"grow killed at random moments: {runs} runs; old segment untouched in {untouched}, put back by the holder in {restored}, new segment complete in {newKept}; no variable lost");
    }

    [Fact]
    public void GrowKilledWhileTheNewSegmentIsUnpublishedGetsTheOldOneBackFromTheHolder()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 40000000, 0640); for ($i = 1; $i <= 30; $i++) shm_put_var($s, $i, str_repeat(chr(64 + $i), 1000000 + $i));");
        string before = Php.RunText($"$s = shm_attach({key}); $h = ''; for ($i = 1; $i <= 30; $i++) $h .= md5(serialize(shm_get_var($s, $i))); echo md5($h);");
        int oldId = PhpShmSegmentInfo.Read(key).Id;
        using Process grow = CliRunner.Start("grow", Php.Hex(key), "--size", "60000000");
        grow.StandardInput.Close();
        // The window: the old segment is marked removed and the new one exists with mode 0.
        var clock = Stopwatch.StartNew();
        bool caught = false;
        while (!grow.HasExited && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (PhpShmCompat.Diagnostics.SysvIpcTable.Find(PhpShmCompat.Diagnostics.SysvIpcTable.Segments(), key) is { } row && (row.Perms & 0x1FF) == 0)
            {
                grow.Kill();
                caught = true;
                break;
            }
            Thread.Sleep(1);
        }
        grow.WaitForExit();
        Assert.True(caught, "grow finished before its unpublished window was seen: nothing was tested");
        PhpShmSegmentInfo info = WaitForPublished(key);
        Assert.NotEqual(oldId, info.Id); // a new segment under the key...
        Assert.Equal(40000000, info.Size); // ...holding the old image
        Assert.Equal(0x1A0, info.Mode); // with the old mode (0640)
        Assert.Equal(before, Php.RunText($"$s = shm_attach({key}); $h = ''; for ($i = 1; $i <= 30; $i++) $h .= md5(serialize(shm_get_var($s, $i))); echo md5($h);"));
        Assert.Equal(0, CliRunner.Run("check", Php.Hex(key)).ExitCode);
    }

    [Fact]
    public void GrowWithLockWaitsForThePhpWriterHoldingIt()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), sem = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 3000, 0600); shm_put_var($s, 1, 'before');");
        string script = Path.Combine(Path.GetTempPath(), $"phpshm-lock-{key:x8}.php");
        File.WriteAllText(script, $"<?php $m = sem_get({sem}, 1, 0600); sem_acquire($m); echo \"locked\\n\"; usleep(1500000); $s = shm_attach({key}); shm_put_var($s, 99, 'written under the lock'); shm_detach($s); sem_release($m);");
        using Process php = PhpRunner.Start(script);
        try
        {
            Assert.Equal("locked", php.StandardOutput.ReadLine());
            CliResult grow = CliRunner.Run("grow", Php.Hex(key), "--size", "6000", "--lock", Php.Hex(sem));
            Assert.True(grow.ExitCode == 0, grow.ToString());
            Assert.True(php.WaitForExit(10_000));
            // grow took the lock after PHP's put: the new segment has the variable PHP wrote under it.
            Assert.Equal("6000 before|written under the lock", Php.RunText($"$r = shmop_open({key}, 'a', 0, 0); $s = shm_attach({key}); echo shmop_size($r), ' ', shm_get_var($s, 1), '|', shm_get_var($s, 99);"));
        }
        finally
        {
            if (!php.HasExited) php.Kill();
            File.Delete(script);
        }
    }

    [Fact]
    public void GrowRefusesACorruptSegmentAndLsJsonShowsCapacity()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), good = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 2000, 0600); shm_put_var($s, 1, 'x'); $r = shmop_open({key}, 'w', 0, 0); shmop_write($r, pack('P', 99999), 24);");
        Php.Run($"$s = shm_attach({good}, 3000, 0600); shm_put_var($s, 1, str_repeat('y', 100));");
        CliResult grow = CliRunner.Run("grow", Php.Hex(key), "--size", "4000");
        Assert.Equal(3, grow.ExitCode);
        Assert.Equal(2000, PhpShmSegmentInfo.Read(key).Size);
        JsonElement ls = JsonDocument.Parse(CliRunner.Run("ls", "--json").Stdout).RootElement;
        JsonElement seg = ls.GetProperty("segments").EnumerateArray().Single(e => e.GetProperty("key").GetInt32() == good);
        JsonElement cap = seg.GetProperty("capacity");
        Assert.Equal(1, cap.GetProperty("largestVar").GetInt64());
        Assert.Equal(3000, cap.GetProperty("used").GetInt64() + cap.GetProperty("free").GetInt64());
        Assert.False(ls.GetProperty("segments").EnumerateArray().Single(e => e.GetProperty("key").GetInt32() == key).TryGetProperty("capacity", out _));
    }

    private static PhpShmSegmentInfo WaitForPublished(int key)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                PhpShmSegmentInfo info = PhpShmSegmentInfo.Read(key);
                // Mode 0 is a grow in progress: the holder finishes it.
                if (info.Mode != 0 && !HolderRunning()) return info;
            }
            catch (PhpIpcNotFoundException) when (clock.Elapsed < TimeSpan.FromSeconds(20))
            {
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException($"segment {key:x8} not settled after 20 s");
            Thread.Sleep(50);
        }
    }

    private static bool HolderRunning()
        => Directory.EnumerateDirectories("/proc").Any(d => File.Exists(Path.Combine(d, "cmdline")) && SafeRead(Path.Combine(d, "cmdline")).Contains("grow-hold"));

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
