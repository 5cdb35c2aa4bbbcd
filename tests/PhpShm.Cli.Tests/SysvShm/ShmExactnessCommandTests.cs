using System.Text;
using PhpShmCompat;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.SysvShm;

/// <summary>
/// <c>phpshm get</c> on variables holding serialize() forms PHP accepts but never writes: the
/// value it prints re-serializes to exactly what PHP's <c>serialize(shm_get_var(...))</c> gives
/// for the same segment, and a bad back-reference is reported at PHP's offset.
/// </summary>
public sealed class ShmExactnessCommandTests
{
    [Theory]
    [InlineData("O:8:\"stdClass\":1:{i:0;i:5;}")]
    [InlineData("O:8:\"stdClass\":2:{s:1:\"0\";i:1;i:0;i:2;}")]
    [InlineData("O:8:\"StdClass\":0:{}")]
    [InlineData("O:4:\"Nope\":2:{s:1:\"0\";i:1;i:0;i:2;}")]
    [InlineData("a:2:{s:1:\"5\";i:1;i:5;i:2;}")]
    public void GetPrintsWhatPhpReadsFromTheSameSegment(string raw)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using (var shm = PhpSharedMemory.Attach(key, 10000, IpcPermissions.OwnerOnly)) shm.PutRaw(1, Encoding.Latin1.GetBytes(raw));

        CliResult get = CliRunner.Run("get", Php.Hex(key), "1", "--format", "serialized");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(Encoding.Latin1.GetString(Php.SerializedVar(key, 1)), Encoding.Latin1.GetString(get.Stdout));
    }

    [Fact]
    public void ABadBackReferenceIsReportedAtPhpsOffset()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using (var shm = PhpSharedMemory.Attach(key, 10000, IpcPermissions.OwnerOnly)) shm.PutRaw(1, "a:1:{i:0;r:5;}"u8);

        CliResult get = CliRunner.Run("get", Php.Hex(key), "1");
        Assert.Equal(3, get.ExitCode);
        Assert.Contains("offset 13", get.Stderr);
        // shm_get_var only says the data is corrupt; unserialize() of the same bytes names the offset.
        string php = PhpRunner.RunCode("set_error_handler(function($n, $m) { echo $m; return true; }); unserialize('a:1:{i:0;r:5;}');").EnsureSuccess().StdoutText;
        Assert.Contains("Error at offset 13 of 14 bytes", php);
    }
}
