using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>
    /// <c>struct sigaction</c> as glibc lays it out on 64-bit Linux (x86-64 and the generic layout
    /// of aarch64 agree): handler at 0, a 128-byte <c>sigset_t</c> at 8, <c>int sa_flags</c> at 136,
    /// <c>sa_restorer</c> at 144; 152 bytes. glibc's wrapper converts it to the kernel's form.
    /// </summary>
    internal static class Signals
    {
        internal const int SigactionSize = 152;
        internal const int HandlerOffset = 0;
        internal const int MaskOffset = 8;
        internal const int MaskSize = 128;
        internal const int FlagsOffset = 136;

        /// <summary><c>SA_SIGINFO</c>: the handler takes three arguments.</summary>
        internal const int SA_SIGINFO = 0x4;

        /// <summary><c>SA_RESTART</c>: restart the calls the kernel can restart (never the System V IPC waits).</summary>
        internal const int SA_RESTART = 0x10000000;

        /// <summary><c>SIG_UNBLOCK</c> for <c>pthread_sigmask</c>.</summary>
        internal const int SIG_UNBLOCK = 1;

        /// <summary><c>SIG_DFL</c>: the default disposition (a null handler).</summary>
        internal const nint SIG_DFL = 0;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "sigaction", SetLastError = true)]
    internal static unsafe partial int SigAction(int signum, byte* act, byte* oldact);

    [LibraryImport(Libraries.Libc, EntryPoint = "pthread_sigmask")]
    internal static unsafe partial int PthreadSigmask(int how, byte* set, byte* oldset);

    /// <summary><c>pthread_self()</c>: the calling thread's <c>pthread_t</c>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pthread_self")]
    internal static partial nuint PthreadSelf();

    /// <summary><c>pthread_kill(thread, sig)</c>: returns 0 or an error number (it does not set errno).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pthread_kill")]
    internal static partial int PthreadKill(nuint thread, int sig);

    /// <summary>The first real-time signal applications may use (glibc keeps the ones below for itself).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "__libc_current_sigrtmin")]
    internal static partial int SigRtMin();

    /// <summary>The last real-time signal.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "__libc_current_sigrtmax")]
    internal static partial int SigRtMax();

    /// <summary>
    /// The address of a libc function that can serve as a signal handler that does nothing: it
    /// must be native code (a managed callback must never run inside a signal handler), take one
    /// <c>int</c>, touch no state and be safe at any point of the interrupted thread. libc's
    /// <c>abs(int)</c> is exactly that: a pure function of its argument; its result is ignored.
    /// </summary>
    internal static nint NoOpSignalHandler()
        => NativeLibrary.GetExport(NativeLibrary.Load(Libraries.Libc), "abs");
}
