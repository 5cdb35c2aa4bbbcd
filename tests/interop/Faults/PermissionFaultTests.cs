using System.Globalization;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>
/// Segments another user may not write or read. Root bypasses the IPC mode
/// bits (checked below), so the denied side runs as nobody; the owner's data is never touched
/// and the denied process gets a clear error (PHP a warning, C# <see cref="PhpIpcPermissionException"/>).
/// A read-only attach in C# refuses writes with an exception instead of faulting.
/// </summary>
public class PermissionFaultTests(ITestOutputHelper output)
{
    private static readonly IpcPermissions ReadableByAll = IpcPermissions.FromMode(0x1A4); // 0644

    [UnprivilegedFact]
    public void RootBypassesTheModeBitsButNobodyIsDeniedAnOwnerOnlySegment()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(key, 1000, IpcPermissions.None); // mode 0000
        shm.PutRaw(1, "s:6:\"secret\";"u8);

        // As root, PHP attaches anyway (CAP_IPC_OWNER): a root process is not protected by modes.
        string asRoot = PhpRunner.RunCode(FaultScripts.DumpVariables, null, Str(key)).EnsureSuccess().StdoutText;
        Assert.Equal("1=s:6:\"secret\";\n", asRoot);

        var (code, stdout, stderr) = RunPhpAsNobody(FaultScripts.DumpVariables, Str(key));
        output.WriteLine($"php as nobody: exit {code}: {stdout} {stderr}");
        Assert.Contains("Permission denied", stdout);
        Assert.DoesNotContain("secret", stdout);
        Assert.Equal("s:6:\"secret\";"u8.ToArray(), shm.GetRaw(1));
    }

    [UnprivilegedFact]
    public void PhpAsNobodyCanOnlyReadA0644SegmentWithShmopAndCannotWriteIt()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(key, 1000, ReadableByAll);
        shm.PutRaw(1, "i:1;"u8);
        byte[] before = shm.ReadImage();

        var (_, stdout, _) = RunPhpAsNobody($$"""
            set_error_handler(function ($no, $str) { echo "warning: $str\n"; return true; });
            $shm = shm_attach({{key}});
            echo $shm === false ? "sysvshm: denied\n" : "sysvshm: attached\n";
            $ro = shmop_open({{key}}, "a", 0, 0);
            echo "shmop a: ", substr(shmop_read($ro, 0, 6), 0, 6), "\n";
            $rw = shmop_open({{key}}, "w", 0, 0);
            echo $rw === false ? "shmop w: denied\n" : "shmop w: attached\n";
            """);
        output.WriteLine(stdout);
        Assert.Contains("sysvshm: denied", stdout);
        Assert.Contains("shmop a: PHP_SM", stdout);
        Assert.Contains("shmop w: denied", stdout);
        Assert.Contains("Permission denied", stdout);
        Assert.Equal(before, shm.ReadImage());
    }

    [UnprivilegedWorkerFact]
    public void CsharpAsNobodyGetsPhpIpcPermissionExceptionNamingTheKey()
    {
        using var keys = new IpcKeyScope();
        int semKey = keys.NewKey(), shmKey = keys.NewKey(), goKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey, 1000, ReadableByAll); // readable, not writable, for nobody
        shm.PutRaw(1, "i:5;"u8);
        byte[] before = shm.ReadImage();

        string worker = Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll");
        var (code, _, stderr) = Unprivileged.Run(DotnetHost(), worker, "counter", Str(semKey), Str(shmKey), "1", "1", "1", Str(goKey), "0");
        output.WriteLine($"IpcWorker as nobody: exit {code}\n{stderr}");
        Assert.Equal(1, code);
        Assert.Contains(nameof(PhpIpcPermissionException), stderr);
        Assert.Contains(PhpIpcException.FormatKey(shmKey), stderr);
        Assert.Equal(before, shm.ReadImage());
    }

    [Fact]
    public void AReadOnlyAttachRefusesWritesWithAnExceptionNotAFault()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(key, 1000);
        shm.PutRaw(1, "i:1;"u8);
        byte[] before = shm.ReadImage();

        using var ro = ShmopSegment.Open(key, "a");
        Assert.True(ro.IsReadOnly);
        Assert.Equal(before, ro.Read(0, 0));
        Assert.Throws<InvalidOperationException>(() => ro.Write(0, "XXXX"u8));
        Assert.Throws<InvalidOperationException>(() => ro.AsSpan());
        Assert.Equal(before, shm.ReadImage());
    }

    private static (int ExitCode, string Stdout, string Stderr) RunPhpAsNobody(string code, params string[] args)
    {
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-fault-{Guid.NewGuid():N}.php");
        File.WriteAllText(file, "<?php\n" + code);
        try { return Unprivileged.Run(PhpRunner.PhpPath, ["-d", "display_errors=stderr", file, .. args]); }
        finally { File.Delete(file); }
    }

    private static string DotnetHost()
    {
        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    private static string Str(int n) => n.ToString(CultureInfo.InvariantCulture);
}
