using System.Globalization;
using PhpShmCompat.InteropTests.Locking;

namespace PhpShmCompat.InteropTests.Semaphores;

/// <summary>
/// Drives named semaphore handles with one-line commands, in PHP (a long-lived php process) or
/// in C# (in this process), so the same sequence can run on both sides and the kernel values compared:
/// <c>get NAME MAX</c>, <c>acquire NAME</c>, <c>try NAME</c> (replies 1/0), <c>release NAME</c>,
/// <c>free NAME</c>, <c>remove NAME</c>. Every command replies one line ("ok" unless said otherwise).
/// </summary>
public interface ISemDriver : IDisposable
{
    /// <summary>Runs one command and returns its reply.</summary>
    string Run(string command);
}

/// <summary>The PHP side: sem_get/sem_acquire/sem_release/unset/sem_remove in a running php process.</summary>
public sealed class PhpSemDriver : ISemDriver
{
    private const string Script = """
        $key = (int)$argv[1];
        $h = [];
        while (($line = fgets(STDIN)) !== false) {
            $p = explode(' ', trim($line));
            $r = 'ok';
            switch ($p[0]) {
                case 'get': $h[$p[1]] = sem_get($key, (int)$p[2], 0600); break;
                case 'acquire': $r = sem_acquire($h[$p[1]]) ? 'ok' : 'failed'; break;
                case 'try': $r = sem_acquire($h[$p[1]], true) ? '1' : '0'; break;
                case 'release': $r = @sem_release($h[$p[1]]) ? 'ok' : 'failed'; break;
                case 'free': unset($h[$p[1]]); break;
                case 'remove': $r = sem_remove($h[$p[1]]) ? 'ok' : 'failed'; break;
                default: $r = 'unknown';
            }
            echo $r, "\n";
        }
        """;

    private readonly ChildProcess _php;

    /// <summary>Starts php driving semaphores under <paramref name="key"/>.</summary>
    public PhpSemDriver(int key) => _php = ChildProcess.Php(Script, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>The php process (for SIGKILL tests).</summary>
    public ChildProcess Process => _php;

    /// <inheritdoc/>
    public string Run(string command) => _php.Ask(command);

    /// <inheritdoc/>
    public void Dispose() => _php.Dispose();
}

/// <summary>The C# side: the same commands on <see cref="PhpSemaphore"/> handles.</summary>
public sealed class CSharpSemDriver(int key) : ISemDriver
{
    private readonly Dictionary<string, PhpSemaphore> _handles = new();

    /// <inheritdoc/>
    public string Run(string command)
    {
        string[] p = command.Split(' ');
        switch (p[0])
        {
            case "get": _handles[p[1]] = PhpSemaphore.Get(key, int.Parse(p[2], CultureInfo.InvariantCulture)); return "ok";
            case "acquire": _handles[p[1]].Acquire(); return "ok";
            case "try": return _handles[p[1]].TryAcquire() ? "1" : "0";
            case "release":
                try { _handles[p[1]].Release(); return "ok"; }
                catch (PhpSemaphoreNotAcquiredException) { return "failed"; }
            case "free": _handles[p[1]].Dispose(); _handles.Remove(p[1]); return "ok";
            case "remove": _handles[p[1]].Remove(); return "ok";
            default: return "unknown";
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var h in _handles.Values) h.Dispose();
        _handles.Clear();
    }
}

/// <summary>Reads PHP's three semaphores straight from the kernel (no handle, so no usage change).</summary>
public static class SemValues
{
    /// <summary>"counter/usage/guard", or "none" when no set exists under the key.</summary>
    public static string Read(int key)
    {
        int id = Interop.SemGet(key, 0, 0);
        if (id < 0) return "none";
        return $"{Val(id, 0)}/{Val(id, 1)}/{Val(id, 2)}";
    }

    private static int Val(int id, int n) => Interop.SemCtl(id, n, Interop.Sem.GETVAL);
}
