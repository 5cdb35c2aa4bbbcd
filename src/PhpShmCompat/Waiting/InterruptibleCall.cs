namespace PhpShmCompat.Waiting;

/// <summary>
/// One cancellable blocking system call (a wait in <c>msgrcv</c> or <c>semop</c>) and the thread
/// running it. The waiting thread brackets each attempt with <see cref="TryEnter"/> and
/// <see cref="Leave"/>; cancellation sets a flag and, if the thread is inside the call, sends it the
/// <see cref="WakeSignal"/> so the call fails with EINTR and the thread sees the flag.
/// </summary>
/// <remarks>
/// <para>The signal can land in the short gap after <see cref="TryEnter"/> and before the thread
/// is asleep in the kernel; the handler then runs and the call would sleep anyway. So after a
/// cancellation the signal is sent again, 1 ms later and then at growing intervals (at most
/// 50 ms), until the thread has left the call. Nothing runs while no cancellation is pending.</para>
/// <para>A call that completes is never undone: a message or semaphore the kernel handed over
/// after cancellation was requested is returned to the caller, so nothing is lost.</para>
/// <para>The thread is only signalled between <see cref="TryEnter"/> and <see cref="Leave"/>, under
/// the same lock, so the target thread is alive and still in this call when the signal is sent.</para>
/// </remarks>
internal sealed class InterruptibleCall : IDisposable
{
    private static readonly TimeSpan FirstResend = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxResend = TimeSpan.FromMilliseconds(50);

    private readonly object _gate = new();
    private nuint _thread;
    private bool _inCall;
    private bool _cancelled;
    private Timer? _resend;
    private TimeSpan _resendInterval;
    private readonly CancellationTokenRegistration _registration;

    /// <summary>Links the call to a token: cancelling the token interrupts the call.</summary>
    internal InterruptibleCall(CancellationToken cancellationToken)
    {
        Token = cancellationToken;
        _ = WakeSignal.Number; // install the handler before any signal can be sent
        if (cancellationToken.CanBeCanceled)
            _registration = cancellationToken.UnsafeRegister(static s => ((InterruptibleCall)s!).Cancel(), this);
    }

    /// <summary>The token this call observes.</summary>
    internal CancellationToken Token { get; }

    /// <summary>Whether cancellation was requested.</summary>
    internal bool IsCancelled
    {
        get { lock (_gate) return _cancelled; }
    }

    /// <summary>Whether a thread is between <see cref="TryEnter"/> and <see cref="Leave"/> (only such a thread is ever signalled).</summary>
    internal bool IsInCall
    {
        get { lock (_gate) return _inCall; }
    }

    /// <summary>Called by the waiting thread before each attempt; false when cancelled (make no attempt).</summary>
    internal bool TryEnter()
    {
        nuint self = Interop.PthreadSelf();
        lock (_gate)
        {
            if (_cancelled) return false;
            _thread = self;
            _inCall = true;
            return true;
        }
    }

    /// <summary>Called by the waiting thread as soon as the attempt returned (read errno first).</summary>
    internal void Leave()
    {
        lock (_gate)
        {
            _inCall = false;
            _resend?.Dispose();
            _resend = null;
        }
    }

    /// <summary>Requests cancellation: interrupts the call if a thread is in it.</summary>
    internal void Cancel()
    {
        lock (_gate)
        {
            if (_cancelled) return;
            _cancelled = true;
            if (!_inCall) return;
            WakeSignal.Send(_thread);
            _resendInterval = FirstResend;
            _resend = new Timer(static s => ((InterruptibleCall)s!).Resend(), this, FirstResend, Timeout.InfiniteTimeSpan);
        }
    }

    private void Resend()
    {
        lock (_gate)
        {
            if (!_inCall || _resend is null) return;
            WakeSignal.Send(_thread);
            TimeSpan next = _resendInterval + _resendInterval;
            _resendInterval = next > MaxResend ? MaxResend : next;
            _resend.Change(_resendInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Unlinks the token; call once the waiting thread is done with the call.</summary>
    public void Dispose()
    {
        _registration.Dispose();
        lock (_gate)
        {
            _resend?.Dispose();
            _resend = null;
        }
    }
}
