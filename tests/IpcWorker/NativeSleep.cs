using System.Runtime.InteropServices;

namespace PhpShmCompat.IpcWorker;

/// <summary>libc <c>usleep</c>: the same sub-millisecond sleep PHP's <c>usleep()</c> makes.</summary>
internal static partial class NativeSleep
{
    [LibraryImport("libc.so.6", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);

    internal static void Micros(uint microseconds) => _ = USleep(microseconds); // like PHP, an interrupted sleep is not resumed
}
