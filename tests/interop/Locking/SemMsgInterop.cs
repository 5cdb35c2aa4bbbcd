using System.Collections.Concurrent;
using PhpShmCompat.Diagnostics;
using System.Globalization;
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
    public void Dispose() => SemMsgKeys.Leaks.ThrowIfAnyLeft();
}

/// <summary>Keys handed out to this collection, remembered for the leak check.</summary>
public static class SemMsgKeys
{
    /// <summary>Every key issued, with the test that asked for it, checked for leftovers when the collection ends.</summary>
    public static readonly IpcLeakCheck Leaks = new("sysvsem/sysvmsg interop tests");

    /// <summary><c>keys.NewKey()</c>, remembered for the leak check.</summary>
    public static int NewTrackedKey(this IpcKeyScope keys, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
        => Leaks.NewKey(keys, test);
}
