using System.Collections.Concurrent;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// The xunit collection of every sysvsem/sysvmsg/locking interop test. They run one at a time
/// (steady timings for the wait and CPU checks on a 2-core machine), and when the collection
/// ends <see cref="SemMsgLeakCheck"/> fails the run if any key they used still has an IPC object.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SemMsgCollection : ICollectionFixture<SemMsgLeakCheck>
{
    /// <summary>The collection name.</summary>
    public const string Name = "sysvsem + sysvmsg interop";
}

/// <summary>No semaphore set, queue or segment left under any key the collection used.</summary>
public sealed class SemMsgLeakCheck : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        var left = SemMsgKeys.Issued.Keys.Where(SysvIpcTable.AnyObjectUnder).ToList();
        if (left.Count > 0)
            throw new InvalidOperationException("sysvsem/sysvmsg interop tests left IPC objects behind under: " +
                string.Join(", ", left.Select(k => $"{PhpIpcException.FormatKey(k)} ({SemMsgKeys.Issued[k]})")));
    }
}

/// <summary>Keys handed out to this collection, remembered for the leak check.</summary>
public static class SemMsgKeys
{
    /// <summary>Every key issued, with the test that asked for it.</summary>
    public static readonly ConcurrentDictionary<int, string> Issued = new();

    /// <summary><c>keys.NewKey()</c>, remembered for the leak check.</summary>
    public static int NewTrackedKey(this IpcKeyScope keys, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        int key = keys.NewKey();
        Issued[key] = test;
        return key;
    }
}
