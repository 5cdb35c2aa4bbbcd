using System.Diagnostics;

namespace PhpShmCompat.Redis.Tests;

/// <summary>Kills a process (and its children) that is still running when the test ends, passed or failed.</summary>
internal sealed class KillOnDispose(Process process) : IDisposable
{
    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
    }
}
