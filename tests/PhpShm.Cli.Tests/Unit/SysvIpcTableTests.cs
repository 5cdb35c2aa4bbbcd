using PhpShmCompat.Diagnostics;

namespace PhpShm.Cli.Tests.Unit;

/// <summary>/proc/sysvipc parsing by column name.</summary>
public sealed class SysvIpcTableTests
{
    [Fact]
    public void ParsesColumnsByHeaderNameAndPermsAsOctal()
    {
        var rows = SysvIpcTable.Parse(new[]
        {
            "       key      shmid perms                  size  cpid  lpid nattch   uid   gid",
            "1509949441      65592  1640               1048580 31722 31737      1  1000    33",
            "        -7         12   600                    40     1     1      0     0     0",
            "",
        });
        Assert.Equal(2, rows.Count);
        Assert.Equal(1509949441, rows[0].Get("key"));
        Assert.Equal(0x3A0, rows[0].Perms); // 01640: SHM_DEST | 0640
        Assert.Equal(1000, rows[0].Get("uid"));
        Assert.Equal(-7, rows[1].Get("key"));
        Assert.Equal(0, rows[1].GetOrDefault("rss"));
        Assert.Throws<FormatException>(() => rows[1].Get("rss"));
    }
}
