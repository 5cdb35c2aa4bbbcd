using System.Globalization;
using System.Text.Json.Nodes;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.Cli;

/// <summary>ls, ftok, key syntax and the exit-code contract.</summary>
public sealed class ListAndKeyTests
{
    [Fact]
    public void LsListsPhpSegmentsQueuesAndSemaphoresWithOwnerNamesAndLayout()
    {
        using var keys = new IpcKeyScope();
        int shm = keys.NewKey(), raw = keys.NewKey(), obj = keys.NewKey();
        Php.Run($"""
            $s = shm_attach({shm}, 4000, 0640); shm_put_var($s, 1, 'a'); shm_put_var($s, 2, [1]);
            $r = shmop_open({raw}, 'n', 0600, 64);
            $q = msg_get_queue({obj}, 0600); msg_send($q, 1, 'hi'); msg_send($q, 2, 'there');
            $m = sem_get({obj}, 1, 0660);
            """);

        CliResult r = CliRunner.Run("ls", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonNode doc = JsonNode.Parse(r.StdoutText)!;
        string me = Environment.UserName;

        JsonNode seg = doc["segments"]!.AsArray().Single(s => (int)s!["key"]! == shm)!;
        Assert.Equal(Php.Hex(shm), (string)seg["keyHex"]!);
        Assert.Equal(4000, (long)seg["size"]!);
        Assert.Equal("0640", (string)seg["mode"]!);
        Assert.Equal(me, (string)seg["owner"]!);
        Assert.Equal("PHP_SM", (string)seg["layout"]!);
        Assert.Equal(2, (int)seg["variables"]!);
        Assert.Equal(8, (int)seg["phpIntSize"]!);
        Assert.Equal(0, (int)seg["attachments"]!);

        JsonNode rawSeg = doc["segments"]!.AsArray().Single(s => (int)s!["key"]! == raw)!;
        Assert.Equal("raw", (string)rawSeg["layout"]!);
        Assert.Null(rawSeg["phpIntSize"]);

        JsonNode queue = doc["queues"]!.AsArray().Single(q => (int)q!["key"]! == obj)!;
        Assert.Equal(2, (int)queue["messages"]!);
        Assert.Equal(me, (string)queue["owner"]!);

        JsonNode sem = doc["semaphores"]!.AsArray().Single(q => (int)q!["key"]! == obj)!;
        Assert.Equal(3, (int)sem["nsems"]!);
        Assert.Equal("0660", (string)sem["mode"]!);

        CliResult table = CliRunner.Run("ls");
        Assert.Equal(0, table.ExitCode);
        string line = table.StdoutText.Split('\n').Single(l => l.Contains(Php.Hex(shm), StringComparison.Ordinal) && l.Contains("PHP_SM", StringComparison.Ordinal));
        Assert.Contains("PHP_SM, 2 var(s)", line);
        Assert.Contains($"{me}:", line);
    }

    [Fact]
    public void LsTellsASegmentThirtyTwoBitPhpWroteFromASixtyFourBitOne()
    {
        using var keys = new IpcKeyScope();
        int narrow = keys.NewKey();
        using (var shm = PhpShmCompat.PhpSharedMemory.Attach(narrow, 2000, null, new PhpShmCompat.PhpSharedMemoryOptions { Layout = PhpShmCompat.PhpShmLayout.Php32 }))
        {
            shm.Put(1, "from 32-bit PHP's layout");
        }

        CliResult r = CliRunner.Run("ls", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonNode seg = JsonNode.Parse(r.StdoutText)!["segments"]!.AsArray().Single(s => (int)s!["key"]! == narrow)!;
        Assert.Equal("PHP_SM", (string)seg["layout"]!);
        Assert.Equal(4, (int)seg["phpIntSize"]!);
        Assert.Equal(1, (int)seg["variables"]!);

        string line = CliRunner.Run("ls").StdoutText.Split('\n').Single(l => l.Contains(Php.Hex(narrow), StringComparison.Ordinal));
        Assert.Contains("PHP_SM 32-bit, 1 var(s)", line);
    }

    [Fact]
    public void FtokPrintsTheKeyPhpComputesAndFtokKeysWorkEverywhere()
    {
        using var keys = new IpcKeyScope();
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-ftok-{Guid.NewGuid():N}");
        File.WriteAllText(file, "x");
        try
        {
            int phpKey = int.Parse(Php.RunText($"echo ftok('{file}', 'Q');"), CultureInfo.InvariantCulture);
            keys.Track(phpKey);
            CliResult r = CliRunner.Run("ftok", file, "Q");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(Php.Hex(phpKey) + "\n", r.StdoutText);
            JsonNode j = JsonNode.Parse(CliRunner.Run("ftok", file, "Q", "--json").StdoutText)!;
            Assert.Equal(phpKey, (int)j["key"]!);

            // A PHP script keyed by ftok(__FILE__-like path) is reachable as ftok:PATH:C.
            Php.Run($"shm_put_var(shm_attach(ftok('{file}', 'Q'), 1000, 0600), 1, 'via ftok');");
            CliResult get = CliRunner.Run("get", $"ftok:{file}:Q", "1");
            Assert.True(get.ExitCode == 0, get.ToString());
            Assert.Equal("\"via ftok\"", get.StdoutText.Trim());
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal(1, CliRunner.Run("ftok", file, "Q").ExitCode);          // no such file
        Assert.Equal(1, CliRunner.Run("dump", $"ftok:{file}:Q").ExitCode);  // same through a key
        Assert.Equal(2, CliRunner.Run("ftok", "/etc/passwd", "QQ").ExitCode);
    }

    [Theory]
    [InlineData("0x5a00zz")]
    [InlineData("12abc")]
    [InlineData("0x123456789")]
    [InlineData("99999999999")]
    [InlineData("0")]
    [InlineData("ftok:/etc/passwd")]
    public void BadKeysAreExit2(string key)
    {
        CliResult r = CliRunner.Run("dump", key);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("phpshm: ", r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void DecimalNegativeAndHexKeysNameTheSameSegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 'same');");
        string unsigned = ((uint)key).ToString(CultureInfo.InvariantCulture);
        foreach (string k in new[] { Php.Hex(key), key.ToString(CultureInfo.InvariantCulture), unsigned, Php.Hex(key).ToUpperInvariant().Replace("0X", "0x") })
            Assert.Equal("\"same\"", CliRunner.Run("get", k, "1").StdoutText.Trim());

        // A negative key (ftok with a project id >= 0x80 gives one) in decimal.
        int negative = unchecked((int)0xDA000000u | (key & 0x00FFFFFF));
        keys.Track(negative);
        Php.Run($"shm_put_var(shm_attach({negative}, 1000, 0600), 1, 'neg');");
        Assert.Equal("\"neg\"", CliRunner.Run("get", negative.ToString(CultureInfo.InvariantCulture), "1").StdoutText.Trim());
    }

    [Fact]
    public void UsageErrorsAreExit2AndHelpIsExit0()
    {
        Assert.Equal(2, CliRunner.Run("frobnicate").ExitCode);
        Assert.Equal(2, CliRunner.Run("get", "0x5a000001").ExitCode);
        Assert.Equal(2, CliRunner.Run("get", "0x5a000001", "1", "--format", "xml").ExitCode);
        Assert.Equal(2, CliRunner.Run("get", "0x5a000001", "one").ExitCode);
        CliResult help = CliRunner.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("sem", help.StdoutText);
    }
}
