using System.Text;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.SysvShm;

/// <summary>Broken chunks and deep values: typed exit codes, never a crash, never a write.</summary>
public sealed class ShmHostileCommandTests
{
    [Theory]
    [InlineData(48, 1_000_000_000L, "chunk.length at offset 48")]   // first chunk's length far past end
    [InlineData(56, 0L, "chunk.next at offset 56")]                 // a zero next would loop forever
    [InlineData(56, -64L, "chunk.next at offset 56")]               // a negative next would walk backwards
    public void BrokenChunksAreExit3ForEveryReadingCommand(int offset, long value, string expected)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"""
            $s = shm_attach({key}, 1000, 0600); shm_put_var($s, 1, 'first'); shm_put_var($s, 2, [1, 2]); shm_detach($s);
            shmop_write(shmop_open({key}, 'w', 0, 0), pack('q', {value}), {offset});
            """);
        byte[] before = Php.Image(key);

        CliResult check = CliRunner.Run("check", Php.Hex(key));
        Assert.Equal(3, check.ExitCode);
        Assert.Contains(expected, check.StdoutText);
        foreach (string[] args in new[] { new[] { "dump", Php.Hex(key) }, ["get", Php.Hex(key), "2"], ["dump", Php.Hex(key), "--json"] })
        {
            CliResult r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 3, $"{string.Join(' ', args)}: {r}");
            Assert.Contains("chunk.", r.Stderr);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        }
        CliResult put = CliRunner.RunText("i:1;", "put", Php.Hex(key), "3");
        Assert.Equal(3, put.ExitCode); // the layout engine refuses to write into a corrupt segment
        Assert.Equal(before, Php.Image(key));

        CliResult ls = CliRunner.Run("ls");
        Assert.Contains("PHP_SM, CORRUPT", ls.StdoutText.Split('\n').Single(l => l.Contains(Php.Hex(key), StringComparison.Ordinal)));
    }

    [Fact]
    public void AValueNested1200DeepPrintsInEveryFormat()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$v = 'core'; for ($i = 0; $i < 1200; $i++) $v = [$v]; shm_put_var(shm_attach({key}, 100000, 0600), 1, $v);");

        CliResult json = CliRunner.Run("get", Php.Hex(key), "1");
        Assert.True(json.ExitCode == 0, json.Stderr);
        string compact = string.Concat(json.StdoutText.Where(c => !char.IsWhiteSpace(c)));
        Assert.Equal(new string('[', 1200) + "\"core\"" + new string(']', 1200), compact);

        byte[] serialized = Php.SerializedVar(key, 1);
        CliResult php = CliRunner.Run("get", Php.Hex(key), "1", "--format", "php");
        Assert.True(php.ExitCode == 0, php.Stderr);
        Assert.Equal(Encoding.UTF8.GetString(Php.VarDump(serialized)), php.StdoutText);
        Assert.Equal(serialized, CliRunner.Run("get", Php.Hex(key), "1", "--format", "serialized").Stdout);
    }
}
