namespace PhpShmCompat.Waiting;

/// <summary>
/// The signal that cuts a waiting <c>msgrcv</c>, <c>msgsnd</c>, <c>semop</c> or <c>semtimedop</c>
/// short. Those calls fail with EINTR when a signal that has a handler arrives, whatever
/// <c>SA_RESTART</c> says (Linux never restarts the System V IPC waits), so a waiter is woken by
/// sending this signal to its thread alone (<c>pthread_kill</c>), and the waiter then sees its
/// cancellation flag.
/// </summary>
/// <remarks>
/// <para>The signal is a real-time signal nobody handles: taken from the top of the range down,
/// the first whose disposition is still <c>SIG_DFL</c>. The low end is left alone: glibc keeps
/// the signals below <c>SIGRTMIN</c> for itself and the .NET runtime uses <c>SIGRTMIN</c> to
/// suspend threads for the GC; the runtime's other handlers (SIGINT, SIGQUIT, SIGTERM, SIGCHLD,
/// SIGCONT, SIGWINCH, SIGTTIN, SIGTTOU, faults) all have meanings, so none of them is borrowed.</para>
/// <para>The default action of a real-time signal is to kill the process, so the handler is
/// installed once, before the first wake-up can be sent, and never removed. It is a native
/// function that does nothing (<see cref="Interop.NoOpSignalHandler"/>), with <c>SA_RESTART</c> so
/// that any other call the signal might land in is restarted as if nothing happened.</para>
/// </remarks>
internal static unsafe class WakeSignal
{
    private static readonly Lazy<int> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The signal number, installing the handler on first use.</summary>
    internal static int Number => Installed.Value;

    /// <summary>Makes sure the calling thread does not block the wake signal (threads inherit masks).</summary>
    internal static void UnblockOnThisThread()
    {
        byte* set = stackalloc byte[Interop.Signals.MaskSize];
        new Span<byte>(set, Interop.Signals.MaskSize).Clear();
        AddToSet(set, Number);
        _ = Interop.PthreadSigmask(Interop.Signals.SIG_UNBLOCK, set, null);
    }

    /// <summary>Sends the wake signal to one thread; false if the thread is gone.</summary>
    internal static bool Send(nuint thread) => Interop.PthreadKill(thread, Number) == 0;

    private static int Install()
    {
        nint handler = Interop.NoOpSignalHandler();
        int min = Interop.SigRtMin();
        int max = Interop.SigRtMax();
        byte* act = stackalloc byte[Interop.Signals.SigactionSize];
        byte* old = stackalloc byte[Interop.Signals.SigactionSize];
        for (int sig = max; sig > min; sig--)
        {
            new Span<byte>(act, Interop.Signals.SigactionSize).Clear(); // empty sa_mask
            *(nint*)(act + Interop.Signals.HandlerOffset) = handler;
            *(int*)(act + Interop.Signals.FlagsOffset) = Interop.Signals.SA_RESTART;
            new Span<byte>(old, Interop.Signals.SigactionSize).Clear();
            if (Interop.SigAction(sig, null, old) != 0) continue;
            if (!IsFree(old)) continue;
            // Install and look at what was there at that instant: if someone claimed the signal
            // between the two calls, give it back and try the next one.
            if (Interop.SigAction(sig, act, old) != 0) continue;
            if (IsFree(old)) return sig;
            _ = Interop.SigAction(sig, old, null);
        }
        throw new PhpIpcException(
            $"no free real-time signal between {min + 1} and {max} to wake cancelled System V IPC waits; every one already has a handler");
    }

    private static bool IsFree(byte* action)
        => *(nint*)(action + Interop.Signals.HandlerOffset) == Interop.Signals.SIG_DFL
           && (*(int*)(action + Interop.Signals.FlagsOffset) & Interop.Signals.SA_SIGINFO) == 0;

    private static void AddToSet(byte* set, int sig)
    {
        int bit = sig - 1; // glibc's sigaddset: bit (sig - 1) of an array of unsigned longs
        ((ulong*)set)[bit / 64] |= 1UL << (bit % 64);
    }

    /// <summary>Whether <paramref name="sig"/> currently has a handler in this process (for tests).</summary>
    internal static bool HasHandler(int sig)
    {
        byte* old = stackalloc byte[Interop.Signals.SigactionSize];
        new Span<byte>(old, Interop.Signals.SigactionSize).Clear();
        return Interop.SigAction(sig, null, old) == 0 && *(nint*)(old + Interop.Signals.HandlerOffset) != Interop.Signals.SIG_DFL;
    }
}
