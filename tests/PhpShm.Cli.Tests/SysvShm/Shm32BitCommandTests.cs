using System.Text;
using PhpShmCompat;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.SysvShm;

/// <summary>A fact skipped, with the reason, when 32-bit PHP cannot run here.</summary>
public sealed class Php32FactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason from <see cref="Php32Chroot.UnavailableReason"/>.</summary>
    public Php32FactAttribute() => Skip = Php32Chroot.UnavailableReason;
}

/// <summary>
/// <c>phpshm dump/get/put/check</c> on segments 32-bit PHP (i386 PHP 8.2 in a chroot, on this
/// host's IPC namespace) wrote: 4-byte fields, header start 24.
/// </summary>
public sealed class Shm32BitCommandTests
{
    public Shm32BitCommandTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        // For the CI log: which PHP these tests ran against.
        if (Php32Chroot.UnavailableReason is null)
            output.WriteLine($"32-bit PHP {Php32Chroot.RunText("echo PHP_VERSION;")} (PHP_INT_SIZE 4) in the chroot {Php32Chroot.Root}");
    }

    private const string PutValues = """
        $shm = shm_attach((int)$argv[1], 2000, 0600);
        shm_put_var($shm, 1, ['jobs' => 42, 'big' => 3000000000, 'name' => "r\u{e9}sum\u{e9}"]);
        shm_put_var($shm, -7, 'ready');
        echo serialize(shm_get_var($shm, 1));
        """;

    [Php32Fact]
    public void DumpGetAndCheckRead32BitPhpsSegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string phpSerialized = Php32Chroot.RunText(PutValues, k);
        Assert.Contains("s:3:\"big\";d:3000000000;", phpSerialized);
        byte[] image = Php.Image(key);

        CliResult dump = CliRunner.Run("dump", k);
        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Contains($"2000 bytes; header start 24, end {BitConverter.ToInt32(image, 12)}, free {BitConverter.ToInt32(image, 16)}, total 2000; 32-bit layout; 2 variable(s)", dump.StdoutText);
        Assert.Contains("\"ready\"", dump.StdoutText);
        Assert.Contains("3000000000", dump.StdoutText);
        CliResult json = CliRunner.Run("dump", k, "--json");
        Assert.Contains("\"layout\":\"32-bit\"", json.StdoutText.Replace(" ", ""));

        CliResult get = CliRunner.Run("get", k, "1", "--format", "serialized");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(phpSerialized, get.StdoutText.TrimEnd('\n'));
        Assert.Equal("\"ready\"", CliRunner.Run("get", k, "-7", "--format", "json").StdoutText.Trim());

        CliResult check = CliRunner.Run("check", k);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.StartsWith("OK: ", check.StdoutText);
        Assert.Contains("header start 24", check.StdoutText);
        Assert.Equal(image, Php.Image(key)); // reading changed nothing

        // Forcing the 64-bit layout on it: corrupt, exit 3.
        CliResult forced = CliRunner.Run("check", k, "--layout", "64");
        Assert.Equal(3, forced.ExitCode);
        Assert.Contains("header.start", forced.StdoutText);
    }

    [Php32Fact]
    public void PutWritesWhat32BitPhpWouldAndItReadsIt()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Php32Chroot.RunText(PutValues, k);

        CliResult put = CliRunner.RunText("{\"n\": 3000000000, \"small\": 7, \"s\": \"x\"}", "put", k, "2", "--format", "json");
        Assert.True(put.ExitCode == 0, put.ToString());
        string expected = Php32Chroot.RunText("echo serialize(['n' => 3000000000, 'small' => 7, 's' => 'x']);");
        Assert.Equal("a:3:{s:1:\"n\";d:3000000000;s:5:\"small\";i:7;s:1:\"s\";s:1:\"x\";}", expected);
        Assert.Equal(expected, Php32Chroot.RunText($"echo serialize(shm_get_var(shm_attach({k}), 2));"));
        using (var shm = PhpSharedMemory.Open(key, readOnly: true))
            Assert.Equal(expected, Encoding.ASCII.GetString(shm.GetRaw(2)!)); // the stored bytes themselves

        // A key 32-bit PHP cannot have is bad input; the segment is unchanged.
        byte[] before = Php.Image(key);
        CliResult wide = CliRunner.RunText("i:1;", "put", k, "4294967296");
        Assert.Equal(2, wide.ExitCode);
        Assert.Equal(before, Php.Image(key));
    }

    [Php32Fact]
    public void PutWithLayout32CreatesASegment32BitPhpReads()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        CliResult put = CliRunner.RunText("s:5:\"hello\";", "put", k, "3", "--layout", "32", "--size", "500");
        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(24, BitConverter.ToInt32(Php.Image(key), 8));
        Assert.Equal("hello", Php32Chroot.RunText($"echo shm_get_var(shm_attach({k}), 3);"));
        // 32-bit PHP adds to it, and the result is what 32-bit PHP alone would have written.
        Php32Chroot.RunText($"shm_put_var(shm_attach({k}), 4, [1, 2]);");
        Assert.Equal(0, CliRunner.Run("check", k).ExitCode);
    }

    [Php32Fact]
    public void Corrupt32BitHeaderIsReportedByCheckAndDump()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = key.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Php32Chroot.RunText(PutValues, k);
        // header.free (4 bytes at offset 16) larger than total - end.
        Php32Chroot.RunText($"shmop_write(shmop_open({k}, 'w', 0, 0), pack('V', 1999), 16);");

        CliResult check = CliRunner.Run("check", k);
        Assert.Equal(3, check.ExitCode);
        Assert.StartsWith("CORRUPT: ", check.StdoutText);
        Assert.Contains("header.free at offset 16 is 1999", check.StdoutText);
        Assert.Contains("32-bit layout", check.StdoutText);
        CliResult dump = CliRunner.Run("dump", k);
        Assert.Equal(3, dump.ExitCode);
        Assert.Contains("header.free", dump.Stderr);
    }
}
