using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PhpShmCompat.TestSupport;

/// <summary>
/// The one check that tests left no IPC object behind: a suite hands out its keys through
/// <see cref="NewKey"/> (remembering which test asked), and <see cref="ThrowIfAnyLeft()"/> fails
/// when any of them still has a shared memory segment, semaphore set or message queue. The kernel
/// is asked directly (<c>shmget</c>, <c>semget</c>, <c>msgget</c> with no flags), so an object that
/// exists but denies this process counts as left too.
/// </summary>
public sealed partial class IpcLeakCheck
{
    private const int EACCES = 13;
    private readonly ConcurrentDictionary<int, string> _issued = new();
    private readonly string _suite;

    /// <summary>A check for the keys of <paramref name="suite"/> (named in the failure message).</summary>
    public IpcLeakCheck(string suite) => _suite = suite;

    /// <summary>Every key handed out so far, with the test that asked for it.</summary>
    public IReadOnlyDictionary<int, string> Issued => _issued;

    /// <summary><c>scope.NewKey()</c>, remembered for the check.</summary>
    public int NewKey(IpcKeyScope scope, string test)
    {
        ArgumentNullException.ThrowIfNull(scope);
        int key = scope.NewKey();
        _issued[key] = test;
        return key;
    }

    /// <summary>Throws when a key handed out by <see cref="NewKey"/> still has an IPC object.</summary>
    /// <exception cref="InvalidOperationException">Lists each such key, its objects and its test.</exception>
    public void ThrowIfAnyLeft() => ThrowIfAnyLeft(_issued.Keys, _suite, k => _issued.GetValueOrDefault(k));

    /// <summary>Throws when any of <paramref name="keys"/> still has an IPC object.</summary>
    /// <exception cref="InvalidOperationException">Lists each such key and its objects.</exception>
    public static void ThrowIfAnyLeft(IEnumerable<int> keys, string what = "the test", Func<int, string?>? owner = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var left = keys.Distinct().Select(k => (Key: k, Objects: ObjectsUnder(k))).Where(e => e.Objects.Count > 0).ToList();
        if (left.Count == 0) return;
        throw new InvalidOperationException($"{what} left IPC objects behind: " + string.Join(", ", left.Select(e =>
            $"0x{e.Key:x8} ({string.Join("+", e.Objects)}{(owner?.Invoke(e.Key) is { } test ? ", " + test : "")})")));
    }

    /// <summary>The kinds of object under <paramref name="key"/>: any of <c>shm</c>, <c>sem</c>, <c>msg</c>.</summary>
    public static IReadOnlyList<string> ObjectsUnder(int key)
    {
        var kinds = new List<string>(3);
        if (Exists(shmget(key, 0, 0))) kinds.Add("shm");
        if (Exists(semget(key, 0, 0))) kinds.Add("sem");
        if (Exists(msgget(key, 0))) kinds.Add("msg");
        return kinds;
    }

    // A get without flags finds the object (id), or fails: ENOENT when there is none, EACCES
    // when there is one this process may not use.
    private static bool Exists(int id) => id >= 0 || Marshal.GetLastPInvokeError() == EACCES;

    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int shmget(int key, nuint size, int flags);
    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int semget(int key, int nsems, int flags);
    [LibraryImport("libc.so.6", SetLastError = true)] private static partial int msgget(int key, int flags);
}
