using System.Runtime.InteropServices;

namespace PhpShmCompat.TestSupport;

/// <summary>
/// Hands out IPC keys no other object on the machine uses and removes every shared memory
/// segment, semaphore set and message queue under those keys on <see cref="Dispose"/>,
/// whether the test passed or not. Use one per test: <c>using var keys = new IpcKeyScope();</c>.
/// </summary>
public sealed partial class IpcKeyScope : IDisposable
{
    // Keys live in 0x5Axxxxxx so leftovers are easy to spot in `ipcs`; the low 24 bits are random.
    // PHPSHM_TEST_KEY_PREFIX (a hex byte, e.g. 5B) moves them elsewhere: a mutation run kills test
    // processes that hang, so it uses a prefix of its own and sweeps it afterwards.
    private static readonly int KeyPrefix = ReadPrefix();

    private static int ReadPrefix()
    {
        string? text = Environment.GetEnvironmentVariable("PHPSHM_TEST_KEY_PREFIX");
        if (string.IsNullOrEmpty(text)) return 0x5A000000;
        if (!int.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text,
                System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int b) || b < 1 || b > 0x7F)
            throw new InvalidOperationException($"PHPSHM_TEST_KEY_PREFIX must be a hex byte 01..7F, not '{text}'");
        return b << 24;
    }
    private readonly List<int> _keys = new();

    /// <summary>Every key this scope has handed out.</summary>
    public IReadOnlyList<int> Keys => _keys;

    /// <summary>Returns a fresh key that no segment, semaphore set or queue currently uses.</summary>
    public int NewKey()
    {
        while (true)
        {
            int key = KeyPrefix | Random.Shared.Next(1, 0x00FFFFFF);
            lock (Reserved)
            {
                if (Reserved.Contains(key) || InUse(key)) continue;
                Reserved.Add(key);
            }
            _keys.Add(key);
            return key;
        }
    }

    /// <summary>Registers a key that was made elsewhere (for example by ftok) for cleanup.</summary>
    public void Track(int key) => _keys.Add(key);

    private static readonly HashSet<int> Reserved = new();

    /// <summary>True when a segment, semaphore set or queue exists under <paramref name="key"/>.</summary>
    public static bool InUse(int key) => IpcLeakCheck.ObjectsUnder(key).Count > 0;

    /// <summary>Removes every IPC object under <paramref name="key"/>; returns how many were removed.</summary>
    public static int RemoveAll(int key)
    {
        int removed = 0;
        int id = shmget(key, 0, 0);
        if (id >= 0 && shmctl(id, 0, IntPtr.Zero) == 0) removed++;
        id = semget(key, 0, 0);
        if (id >= 0 && semctl(id, 0, 0) == 0) removed++;
        id = msgget(key, 0);
        if (id >= 0 && msgctl(id, 0, IntPtr.Zero) == 0) removed++;
        return removed;
    }

    /// <summary>Removes everything under every key this scope handed out or tracked.</summary>
    public void Dispose()
    {
        foreach (int key in _keys)
        {
            if (key != 0) RemoveAll(key);
        }
        lock (Reserved)
        {
            foreach (int key in _keys) Reserved.Remove(key);
        }
        _keys.Clear();
    }

    [LibraryImport("libc.so.6")] private static partial int shmget(int key, nuint size, int flags);
    [LibraryImport("libc.so.6")] private static partial int shmctl(int id, int cmd, IntPtr buf);
    [LibraryImport("libc.so.6")] private static partial int semget(int key, int nsems, int flags);
    [LibraryImport("libc.so.6")] private static partial int semctl(int id, int num, int cmd);
    [LibraryImport("libc.so.6")] private static partial int msgget(int key, int flags);
    [LibraryImport("libc.so.6")] private static partial int msgctl(int id, int cmd, IntPtr buf);
}
