using System.Text;
using PhpShmCompat;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.SysvShm;

/// <summary>put, rm and destroy, checked by reading back with real PHP.</summary>
public sealed class ShmWriteCommandTests
{
    [Fact]
    public void PutSerializedCreatesTheSegmentAndPhpReadsTheValue()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string value = """a:3:{s:1:"a";i:1;i:0;d:0.5;s:1:"o";O:8:"stdClass":1:{s:1:"p";b:1;}}""";
        CliResult r = CliRunner.RunText(value + "\n", "put", Php.Hex(key), "7", "--size", "2048", "--mode", "0640");
        Assert.True(r.ExitCode == 0, r.ToString());

        Assert.Equal(value, Encoding.UTF8.GetString(Php.SerializedVar(key, 7)));
        // Created with the requested size and mode (shm_attach semantics).
        Assert.Equal("2048", Php.RunText($"echo shmop_size(shmop_open({key}, 'a', 0, 0));"));
        string perms = Php.RunText($$"""
            foreach (file('/proc/sysvipc/shm') as $l) { $f = preg_split('/\s+/', trim($l)); if ($f[0] === '{{key}}') echo $f[2]; }
            """);
        Assert.Equal("640", perms);
    }

    [Fact]
    public void PutReplacesLikeShmPutVarAndTheBytesEqualPhpDoingTheSame()
    {
        using var keys = new IpcKeyScope();
        int ours = keys.NewKey(), theirs = keys.NewKey();
        foreach (int k in new[] { ours, theirs })
            Php.Run($"$s = shm_attach({k}, 1000, 0600); shm_put_var($s, 1, 'one'); shm_put_var($s, 2, [1, 2]);");

        Assert.Equal(0, CliRunner.RunText("s:3:\"uno\";", "put", Php.Hex(ours), "1").ExitCode);
        Php.Run($"shm_put_var(shm_attach({theirs}), 1, 'uno');");

        Assert.Equal(Php.Image(theirs), Php.Image(ours)); // same chunk moves, same stale bytes
    }

    [Fact]
    public void PutJsonMapsObjectsListsIntsAndFloatsAsJsonDecodeDoes()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string json = """{"name":"wörker","ids":[1,2,3],"ratio":0.25,"whole":2.0,"big":12345678901234567890,"5":"int key","nested":{"ok":true,"none":null}}""";
        CliResult r = CliRunner.RunText(json, "put", Php.Hex(key), "3", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());

        byte[] phpDecoded = Php.Run("echo serialize(json_decode(file_get_contents('php://stdin'), true));", Encoding.UTF8.GetBytes(json));
        Assert.Equal(Encoding.UTF8.GetString(phpDecoded), Encoding.UTF8.GetString(Php.SerializedVar(key, 3)));
    }

    [Fact]
    public void PutOfMalformedSerializedStdinIsExit2AndLeavesTheSegmentUntouched()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 1000, 0600); shm_put_var($s, 1, 'keep me'); shm_put_var($s, 2, 2);");
        byte[] before = Php.Image(key);

        foreach (string bad in new[] { "s:10:\"short\";", "a:1:{i:0;}", "i:1", "garbage", "", "i:1;i:2;", "b:2;" })
        {
            CliResult r = CliRunner.RunText(bad, "put", Php.Hex(key), "1");
            Assert.True(r.ExitCode == 2, $"input '{bad}': {r}");
            Assert.StartsWith("phpshm: ", r.Stderr);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal(before, Php.Image(key));
        }
        CliResult badJson = CliRunner.RunText("{\"a\":", "put", Php.Hex(key), "1", "--format", "json");
        Assert.Equal(2, badJson.ExitCode);
        Assert.Equal(before, Php.Image(key));

        // And malformed input never creates a segment either.
        int fresh = keys.NewKey();
        Assert.Equal(2, CliRunner.RunText("nope", "put", Php.Hex(fresh), "1").ExitCode);
        Assert.False(IpcKeyScope.InUse(fresh));
    }

    [Fact]
    public void PutRefusesARawSegmentWithoutInitAndAValueThatDoesNotFit()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$r = shmop_open({key}, 'n', 0600, 200); shmop_write($r, 'raw data', 0);");
        byte[] before = Php.Image(key);
        CliResult r = CliRunner.RunText("i:1;", "put", Php.Hex(key), "1");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--init", r.Stderr);
        Assert.Equal(before, Php.Image(key));

        CliResult big = CliRunner.RunText($"s:500:\"{new string('x', 500)}\";", "put", Php.Hex(key), "1", "--init");
        Assert.Equal(4, big.ExitCode);
        Assert.Contains("not enough shared memory", big.Stderr);

        Assert.Equal(0, CliRunner.RunText("i:1;", "put", Php.Hex(key), "1", "--init").ExitCode);
        Assert.Equal("int(1)\n", Php.RunText($"var_dump(shm_get_var(shm_attach({key}), 1));"));
    }

    [Fact]
    public void RmRemovesLikeShmRemoveVarAndAMissingVariableIsExit1()
    {
        using var keys = new IpcKeyScope();
        int ours = keys.NewKey(), theirs = keys.NewKey();
        foreach (int k in new[] { ours, theirs })
            Php.Run($"$s = shm_attach({k}, 1000, 0600); shm_put_var($s, 1, 'a'); shm_put_var($s, -9, [1]); shm_put_var($s, 3, 'c');");

        CliResult r = CliRunner.Run("rm", Php.Hex(ours), "-9");
        Assert.True(r.ExitCode == 0, r.ToString());
        Php.Run($"shm_remove_var(shm_attach({theirs}), -9);");
        Assert.Equal(Php.Image(theirs), Php.Image(ours));

        CliResult again = CliRunner.Run("rm", Php.Hex(ours), "-9");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("no variable -9", again.Stderr);
    }

    [Fact]
    public void DestroyRemovesTheSegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 1);");
        Assert.Equal(0, CliRunner.Run("destroy", Php.Hex(key)).ExitCode);
        Assert.Equal("gone", Php.RunText($"echo @shmop_open({key}, 'a', 0, 0) === false ? 'gone' : 'there';"));
        Assert.Equal(1, CliRunner.Run("destroy", Php.Hex(key)).ExitCode);
    }

    [Fact]
    public void ReadOnlyOpenRefusesWritesInsteadOfFaulting()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 'x');");
        using var ro = PhpSharedMemory.Open(key, readOnly: true);
        Assert.True(ro.IsReadOnly);
        Assert.True(ro.HasPhpMagic);
        Assert.Equal("s:1:\"x\";", Encoding.ASCII.GetString(ro.GetRaw(1)!));
        var all = ro.ReadAllRaw();
        Assert.Equal(1, Assert.Single(all).Key);
        Assert.Equal("s:1:\"x\";", Encoding.ASCII.GetString(all[0].Value));
        Assert.Throws<InvalidOperationException>(() => ro.PutRaw(2, "i:1;"u8));
        Assert.Throws<InvalidOperationException>(() => ro.Remove(1));
        Assert.Throws<PhpIpcNotFoundException>(() => PhpSharedMemory.Open(keys.NewKey()));
    }
}
