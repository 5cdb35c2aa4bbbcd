using System.Text.Json;
using PhpShmCompat;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.Operators;

/// <summary>grow and repair keep 32-bit PHP's layout (4-byte fields, header 24, chunk header 12).</summary>
public sealed class Layout32MaintenanceTests
{
    private static void Put32(int key, long var, string json)
    {
        CliResult r = CliRunner.RunText(json, "put", Php.Hex(key), var.ToString(System.Globalization.CultureInfo.InvariantCulture), "--layout", "32", "--format", "json", "--size", "3000");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    private static string Values(int key)
    {
        CliResult dump = CliRunner.Run("dump", "--json", Php.Hex(key));
        Assert.True(dump.ExitCode == 0, dump.ToString());
        JsonElement root = JsonDocument.Parse(dump.Stdout).RootElement;
        Assert.Equal("32-bit", root.GetProperty("layout").GetString());
        return string.Join(";", root.GetProperty("variables").EnumerateArray().Select(v => $"{v.GetProperty("var")}={v.GetProperty("value").GetRawText()}"));
    }

    [Fact]
    public void GrowKeepsA32BitSegment32Bit()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Put32(key, 1, "\"one\"");
        Put32(key, 2, "[1, 2, 3]");
        string before = Values(key);
        byte[] old;
        using (var s = PhpSharedMemory.Open(key, readOnly: true)) old = s.ReadImage();
        Assert.Equal(0, CliRunner.Run("grow", Php.Hex(key), "--size", "9000").ExitCode);
        Assert.Equal(before, Values(key));
        using (var s = PhpSharedMemory.Open(key, readOnly: true))
        {
            byte[] grown = s.ReadImage();
            int end = BitConverter.ToInt32(old, 12);
            Assert.Equal(old.AsSpan(0, 16).ToArray(), grown.AsSpan(0, 16).ToArray()); // magic, start 24, end
            Assert.Equal(old.AsSpan(24, end - 24).ToArray(), grown.AsSpan(24, end - 24).ToArray());
            Assert.Equal(9000, BitConverter.ToInt32(grown, 20)); // total
            Assert.Equal(9000 - end, BitConverter.ToInt32(grown, 16)); // free
        }
    }

    [Fact]
    public void RepairOfA32BitSegmentWithABadFreeFieldKeepsEveryVariable()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Put32(key, 1, "\"one\"");
        Put32(key, 7, "{\"a\": 1.5}");
        string before = Values(key);
        Php.Run($"$r = shmop_open({key}, 'w', 0, 0); shmop_write($r, pack('V', 99999), 16);");
        Assert.Equal(3, CliRunner.Run("check", Php.Hex(key)).ExitCode);
        string path = Path.Combine(Path.GetTempPath(), $"phpshm-r32-{key:x8}.img");
        try
        {
            CliResult r = CliRunner.Run("repair", Php.Hex(key), "--image", path);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("kept 2 variable(s) [1, 7]", r.StdoutText);
            Assert.Equal(0, CliRunner.Run("check", Php.Hex(key)).ExitCode);
            Assert.Equal(before, Values(key));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
