using PhpShmCompat.Semaphores;
using PhpShmCompat.Waiting;
using static PhpShmCompat.Semaphores.SemaphoreOps;

namespace PhpShmCompat;

/// <summary>
/// A handle on a PHP <c>sem_get()</c> semaphore: the same System V set of three semaphores
/// ([0] counter, [1] usage count, [2] initialisation guard) driven by the same protocol, so PHP
/// and .NET holders exclude each other and share <c>max_acquire</c>. Every operation uses
/// <c>SEM_UNDO</c>: the kernel gives back what a process held when it dies, even by SIGKILL.
/// </summary>
/// <remarks>
/// Like a PHP handle, this object counts the acquisitions made through it; <see cref="Release"/>
/// without one is an error and <see cref="Dispose"/> (with auto-release) gives back what is still
/// held. Acquisitions belong to the process, not a thread: any thread may release.
/// </remarks>
public sealed class PhpSemaphore : IDisposable
{
    /// <summary>The largest value a System V semaphore can hold (SEMVMX on Linux).</summary>
    public const int MaxSemaphoreValue = 32767;

    private int _held;      // acquisitions made through this handle and not yet released
    private int _state;     // 0 open, 1 disposed, 2 removed

    private PhpSemaphore(int key, int semId, int maxAcquire, bool autoRelease)
    {
        Key = key;
        SemaphoreId = semId;
        RequestedMaxAcquire = maxAcquire;
        AutoRelease = autoRelease;
    }

    /// <summary>The System V key (PHP's <c>$key</c>, truncated to 32 bits as PHP does).</summary>
    public int Key { get; }

    /// <summary>The kernel's semaphore set id (<c>semid</c>).</summary>
    public int SemaphoreId { get; }

    /// <summary>
    /// The <c>maxAcquire</c> this handle asked for. It took effect only if this handle was the
    /// first user; the value in force is the first user's.
    /// </summary>
    public int RequestedMaxAcquire { get; }

    /// <summary>Whether <see cref="Dispose"/> gives back held acquisitions and the usage count.</summary>
    public bool AutoRelease { get; }

    /// <summary>Acquisitions made through this handle and not yet released.</summary>
    public int HeldCount => Volatile.Read(ref _held);

    /// <summary>The live usage count (semaphore [1]): handles open on this key in all processes.</summary>
    public int UsageCount => GetValue(SemaphoreId, SemUsage, Key);

    /// <summary>The counter (semaphore [0]): how many more acquisitions would succeed right now.</summary>
    public int AvailableCount => GetValue(SemaphoreId, SemCounter, Key);

    /// <summary>
    /// PHP's <c>sem_get($key, $maxAcquire, $permissions, $autoRelease)</c>: creates the set if
    /// needed, counts this handle in the usage count and, if it is the first user, sets the
    /// counter to <paramref name="maxAcquire"/> -- all under the guard semaphore, as PHP does.
    /// </summary>
    /// <param name="key">System V key.</param>
    /// <param name="maxAcquire">How many holders at once (0..32767); only the first user's value counts.</param>
    /// <param name="permissions">
    /// Mode of a set this call creates; default <see cref="IpcPermissions.Default"/> (0600, owner only).
    /// PHP's default is 0666 (<see cref="IpcPermissions.Everyone"/>). Ignored when the set exists.
    /// </param>
    /// <param name="autoRelease">Whether <see cref="Dispose"/> releases what this handle still holds.</param>
    /// <exception cref="ArgumentOutOfRangeException">maxAcquire outside 0..32767.</exception>
    /// <exception cref="PhpIpcException">A system call failed (typed by errno).</exception>
    public static unsafe PhpSemaphore Get(int key, int maxAcquire = 1, IpcPermissions? permissions = null, bool autoRelease = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxAcquire);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxAcquire, MaxSemaphoreValue);
        int mode = (permissions ?? IpcPermissions.Default).Mode;

        // 1. semget(key, 3, perms | IPC_CREAT), no IPC_EXCL.
        int semId = Interop.SemGet(key, SetSize, mode | Interop.Ipc.IPC_CREAT);
        if (semId < 0)
        {
            int semgetErrno = Interop.Errno.Last();
            throw PhpIpcException.FromErrno("semget", key, semgetErrno, semgetErrno == Interop.Errno.EINVAL
                ? "a semaphore set with fewer than PHP's 3 semaphores already exists under this key"
                : null);
        }

        // 2. Wait for the guard to be 0, take it, and count this handle; one atomic semop.
        ReadOnlySpan<Interop.SemBuf> enter =
        [
            new(SemSetVal, 0, 0),
            new(SemSetVal, 1, Interop.Sem.SEM_UNDO),
            new(SemUsage, 1, Interop.Sem.SEM_UNDO),
        ];
        int errno = Op(semId, enter);
        if (errno != 0) throw Error("semop(sem_get guard)", key, errno);

        Exception? failure = null;
        try
        {
            // 3. First user (usage count is 1): set the counter to max_acquire.
            if (GetValue(semId, SemUsage, key) == 1 &&
                Interop.SemCtlVal(semId, SemCounter, Interop.Sem.SETVAL, maxAcquire) != 0)
            {
                throw Error("semctl(SETVAL)", key, Interop.Errno.Last());
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // 4. Give the guard back (and on failure the usage count too).
        ReadOnlySpan<Interop.SemBuf> leave = [new(SemSetVal, -1, Interop.Sem.SEM_UNDO)];
        ReadOnlySpan<Interop.SemBuf> leaveAndUncount = [new(SemSetVal, -1, Interop.Sem.SEM_UNDO), new(SemUsage, -1, Interop.Sem.SEM_UNDO)];
        errno = Op(semId, failure is null ? leave : leaveAndUncount);
        if (failure is not null) throw failure;
        if (errno != 0) throw Error("semop(sem_get guard release)", key, errno);

        return new PhpSemaphore(key, semId, maxAcquire, autoRelease);
    }

    /// <summary>PHP's <c>sem_acquire($sem)</c>: waits until the semaphore can be taken.</summary>
    public void Acquire()
    {
        int errno = Op(SemaphoreId, [AcquireOp(nowait: false)]);
        Complete("semop(acquire)", errno);
    }

    /// <summary>PHP's <c>sem_acquire($sem, true)</c>: takes the semaphore only if that needs no waiting.</summary>
    /// <returns>True if acquired; false if it is held up to its <c>max_acquire</c>.</returns>
    public bool TryAcquire()
    {
        int errno = Op(SemaphoreId, [AcquireOp(nowait: true)]);
        if (errno == Interop.Errno.EAGAIN) return false;
        Complete("semop(try acquire)", errno);
        return true;
    }

    /// <summary>Waits at most <paramref name="timeout"/> (<c>semtimedop</c>) to acquire.</summary>
    /// <returns>True if acquired, false on timeout.</returns>
    public bool Acquire(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan) { Acquire(); return true; }
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        int errno = TimedOp(SemaphoreId, [AcquireOp(nowait: false)], timeout);
        if (errno == Interop.Errno.EAGAIN) return false;
        Complete("semtimedop(acquire)", errno);
        return true;
    }

    /// <summary>
    /// Waits until acquired or <paramref name="cancellationToken"/> is cancelled. The thread sleeps
    /// in <c>semop</c>; cancellation interrupts the call at once (a signal sent to this thread alone
    /// makes it fail with EINTR).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled before the semaphore was taken.</exception>
    public void Acquire(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) { Acquire(); return; }
        Acquire(Timeout.InfiniteTimeSpan, cancellationToken);
    }

    /// <summary>
    /// Waits until acquired, <paramref name="timeout"/> passes or the token is cancelled: one
    /// kernel wait (<c>semop</c>, or <c>semtimedop</c> with a timeout) that cancellation interrupts.
    /// An acquisition the kernel granted before the interruption took effect counts: the method
    /// returns true and the caller holds the semaphore.
    /// </summary>
    /// <returns>True if acquired, false on timeout.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before the semaphore was taken.</exception>
    public bool Acquire(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        if (!cancellationToken.CanBeCanceled) return Acquire(timeout); // one kernel wait, nothing to interrupt
        Interop.SemBuf op = AcquireOp(nowait: false);
        return KernelWait.Run(call => AcquireBlocking(op, timeout, call), cancellationToken);
    }

    /// <summary>
    /// Acquires without blocking the caller: returns at once when free, otherwise waits on a
    /// dedicated thread that sleeps in the kernel (no polling, no thread-pool thread held);
    /// cancellation interrupts that wait at once.
    /// </summary>
    public Task AcquireAsync(CancellationToken cancellationToken = default)
        => AcquireAsync(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Asynchronous <see cref="Acquire(TimeSpan, CancellationToken)"/>.</summary>
    /// <returns>True if acquired, false on timeout.</returns>
    public Task<bool> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<bool>(cancellationToken);
        Interop.SemBuf op;
        try
        {
            if (timeout != Timeout.InfiniteTimeSpan) ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
            if (TryAcquire()) return Task.FromResult(true);
            op = AcquireOp(nowait: false);
        }
        catch (Exception ex)
        {
            return Task.FromException<bool>(ex);
        }
        return KernelWait.RunAsync(call => AcquireBlocking(op, timeout, call), cancellationToken);
    }

    /// <summary>Acquires (blocking) and returns a lock that releases on dispose: <c>using (sem.Lock()) { ... }</c>.</summary>
    public PhpSemaphoreLock Lock()
    {
        Acquire();
        return new PhpSemaphoreLock(this);
    }

    /// <summary>Cancellable <see cref="Lock()"/>.</summary>
    public PhpSemaphoreLock Lock(CancellationToken cancellationToken)
    {
        Acquire(cancellationToken);
        return new PhpSemaphoreLock(this);
    }

    /// <summary>Asynchronous <see cref="Lock()"/>: <c>using (await sem.LockAsync(ct)) { ... }</c>.</summary>
    public async Task<PhpSemaphoreLock> LockAsync(CancellationToken cancellationToken = default)
    {
        await AcquireAsync(cancellationToken).ConfigureAwait(false);
        return new PhpSemaphoreLock(this);
    }

    /// <summary>PHP's <c>sem_release($sem)</c>: gives back one acquisition made through this handle.</summary>
    /// <exception cref="PhpSemaphoreNotAcquiredException">This handle holds no acquisition.</exception>
    public void Release()
    {
        ThrowIfClosed();
        int held;
        do
        {
            held = Volatile.Read(ref _held);
            if (held <= 0) throw new PhpSemaphoreNotAcquiredException(Key);
        }
        while (Interlocked.CompareExchange(ref _held, held - 1, held) != held);

        int errno = Op(SemaphoreId, [new Interop.SemBuf(SemCounter, 1, Interop.Sem.SEM_UNDO)]);
        if (errno != 0)
        {
            Interlocked.Increment(ref _held);
            throw Error("semop(release)", Key, errno);
        }
    }

    /// <summary>
    /// PHP's <c>sem_remove($sem)</c>: removes the set (<c>IPC_STAT</c> to check it exists, then
    /// <c>IPC_RMID</c>). Waiters everywhere fail; this handle then does nothing on dispose.
    /// </summary>
    public void Remove()
    {
        ThrowIfClosed();
        int errno = Interop.SemStatOrErrno(SemaphoreId, out _);
        if (errno != 0) throw Error("semctl(IPC_STAT)", Key, errno);
        if (Interop.SemCtl(SemaphoreId, 0, Interop.Ipc.IPC_RMID) != 0)
            throw Error("semctl(IPC_RMID)", Key, Interop.Errno.Last());
        Interlocked.CompareExchange(ref _state, 2, 0);
    }

    /// <summary>
    /// Frees the handle as PHP does: with auto-release, one <c>semop</c> that decrements the
    /// usage count and gives back every acquisition still held (both <c>SEM_UNDO</c>). Without
    /// auto-release, or after <see cref="Remove"/>, it touches nothing (the kernel's undo still
    /// restores the usage count and holds when the process exits).
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 1) != 0 || !AutoRelease) return;
        int held = Interlocked.Exchange(ref _held, 0);
        ReadOnlySpan<Interop.SemBuf> ops =
        [
            new(SemUsage, -1, Interop.Sem.SEM_UNDO),
            new(SemCounter, (short)Math.Min(held, MaxSemaphoreValue), Interop.Sem.SEM_UNDO),
        ];
        _ = Op(SemaphoreId, held > 0 ? ops : ops[..1]); // like PHP, a failure here is not reported
    }

    private bool AcquireBlocking(Interop.SemBuf op, TimeSpan timeout, InterruptibleCall call)
    {
        ReadOnlySpan<Interop.SemBuf> ops = [op];
        int errno = timeout == Timeout.InfiniteTimeSpan
            ? Op(SemaphoreId, ops, call)
            : TimedOp(SemaphoreId, ops, timeout, call);
        if (errno == Interop.Errno.ECANCELED) throw new OperationCanceledException(call.Token);
        if (errno == Interop.Errno.EAGAIN) return false;
        Complete(timeout == Timeout.InfiniteTimeSpan ? "semop(acquire)" : "semtimedop(acquire)", errno);
        return true;
    }

    private Interop.SemBuf AcquireOp(bool nowait)
    {
        ThrowIfClosed();
        return new Interop.SemBuf(SemCounter, -1, (short)(Interop.Sem.SEM_UNDO | (nowait ? Interop.Ipc.IPC_NOWAIT : 0)));
    }

    private void Complete(string operation, int errno)
    {
        if (errno != 0) throw Error(operation, Key, errno);
        Interlocked.Increment(ref _held);
    }

    private void ThrowIfClosed()
    {
        int state = Volatile.Read(ref _state);
        ObjectDisposedException.ThrowIf(state == 1, this);
        if (state == 2)
            throw new PhpIpcNotFoundException("semop", Key, Interop.Errno.EIDRM, "this handle removed the semaphore set");
    }
}
