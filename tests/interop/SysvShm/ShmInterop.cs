using System.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>The xunit collection of every sysvshm/shmop/ftok interop test: they run one at a time, so the leak check sees only finished tests.</summary>
[CollectionDefinition(Name)]
public sealed class ShmInteropCollection : ICollectionFixture<ShmLeakCheck>
{
    public const string Name = "shm interop";
}

/// <summary>
/// When the whole collection has finished, no key any of its tests
/// handed out may still be in <c>ipcs -m</c> (a failure here is reported as a collection cleanup failure).
/// </summary>
public sealed class ShmLeakCheck : IDisposable
{
    public void Dispose() => ShmInterop.Leaks.ThrowIfAnyLeft();
}

/// <summary>Helpers shared by the shm interop tests.</summary>
internal static class ShmInterop
{
    /// <summary>Every key the shm interop tests handed out, checked for leftovers when the collection ends.</summary>
    public static readonly IpcLeakCheck Leaks = new("shm interop tests");

    /// <summary><c>keys.NewKey()</c>, remembered for the leak check.</summary>
    public static int NewKey(this IpcKeyScope keys, string test) => Leaks.NewKey(keys, test);

    /// <summary>Runs PHP code and fails the test on a non-zero exit or any warning on stderr.</summary>
    public static PhpResult Php(string code, params string[] args)
    {
        PhpResult r = PhpRunner.RunCode(code, null, args).EnsureSuccess();
        Assert.True(r.Stderr.Length == 0, "php wrote to stderr:\n" + r.Stderr);
        return r;
    }

    /// <summary>Keys of every shared memory segment in <c>ipcs -m</c>.</summary>
    public static HashSet<int> SegmentKeysInIpcs()
    {
        var psi = new ProcessStartInfo("ipcs", "-m") { RedirectStandardOutput = true, UseShellExecute = false };
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var keys = new HashSet<int>();
        foreach (string line in output.Split('\n'))
        {
            string first = line.Trim().Split(' ', 2)[0];
            if (first.StartsWith("0x", StringComparison.Ordinal))
                keys.Add(unchecked((int)Convert.ToUInt32(first[2..], 16)));
        }
        return keys;
    }
}
