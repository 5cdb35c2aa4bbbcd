using PhpSerializer;

namespace PhpShmCompat;

/// <summary>
/// A sysvshm segment together with the sysvsem semaphore that guards it, for the PHP idiom
/// <c>sem_acquire($sem); $v = shm_get_var($shm, $k); shm_put_var($shm, $k, f($v)); sem_release($sem);</c>.
/// Every method here holds the semaphore (PHP's protocol, <c>SEM_UNDO</c>) around its shm calls,
/// so PHP code using the same semaphore key never sees a half-done update.
/// </summary>
/// <remarks>
/// PHP code commonly uses one key for both objects (<c>sem_get($key)</c>, <c>shm_attach($key)</c>);
/// that is the default of <see cref="Open"/>. Segments and semaphore sets are separate kernel
/// namespaces, so the same key is fine.
/// </remarks>
public sealed class PhpLockedSegment : IDisposable
{
    private readonly bool _ownsHandles;

    /// <summary>Wraps existing handles; with <paramref name="ownsHandles"/> they are disposed with this object.</summary>
    public PhpLockedSegment(PhpSharedMemory memory, PhpSemaphore semaphore, bool ownsHandles = false)
    {
        Memory = memory ?? throw new ArgumentNullException(nameof(memory));
        Semaphore = semaphore ?? throw new ArgumentNullException(nameof(semaphore));
        _ownsHandles = ownsHandles;
    }

    /// <summary>The segment (use it directly only while holding <see cref="Semaphore"/>).</summary>
    public PhpSharedMemory Memory { get; }

    /// <summary>The semaphore that guards the segment.</summary>
    public PhpSemaphore Semaphore { get; }

    /// <summary>
    /// Attaches the segment (<c>shm_attach($key, $size, $perms)</c>) and gets its semaphore
    /// (<c>sem_get($semaphoreKey ?? $key, 1, $perms)</c>); both are owned by the result.
    /// </summary>
    /// <param name="key">Key of the segment, and of the semaphore unless <paramref name="semaphoreKey"/> is given.</param>
    /// <param name="semaphoreKey">Key of the semaphore when it differs from the segment's.</param>
    /// <param name="size">Size of a new segment (PHP's default 10000).</param>
    /// <param name="permissions">Mode of newly created objects; default 0600.</param>
    public static PhpLockedSegment Open(int key, int? semaphoreKey = null, long size = PhpSharedMemory.DefaultSize, IpcPermissions? permissions = null)
    {
        PhpSemaphore semaphore = PhpSemaphore.Get(semaphoreKey ?? key, 1, permissions);
        try
        {
            return new PhpLockedSegment(PhpSharedMemory.Attach(key, size, permissions), semaphore, ownsHandles: true);
        }
        catch
        {
            semaphore.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Locked read-modify-write of one variable: acquire, read it (<c>default</c> when missing),
    /// call <paramref name="update"/>, write its result, release. If <paramref name="update"/> throws,
    /// nothing is written and the lock is still released.
    /// </summary>
    /// <returns>The value written.</returns>
    public T Update<T>(long varKey, Func<T?, T> update, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (Semaphore.Lock())
            return UpdateLocked(varKey, update, options);
    }

    /// <summary>Cancellable <see cref="Update{T}(long, Func{T, T}, PhpSerializerOptions?)"/>: waits for the lock without blocking a thread-pool thread.</summary>
    public async Task<T> UpdateAsync<T>(long varKey, Func<T?, T> update, PhpSerializerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (await Semaphore.LockAsync(cancellationToken).ConfigureAwait(false))
            return UpdateLocked(varKey, update, options);
    }

    /// <summary>Locked read-modify-write on the PHP value model (<c>null</c> when the variable is missing).</summary>
    /// <returns>The value written.</returns>
    public PhpValue Update(long varKey, Func<PhpValue?, PhpValue> update, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (Semaphore.Lock())
        {
            PhpValue? current = Memory.TryGet(varKey, out PhpValue? value, options) ? value : null;
            PhpValue next = update(current) ?? throw new InvalidOperationException("the update function returned null; return PhpNull for PHP's null");
            Memory.Put(varKey, next, options);
            return next;
        }
    }

    /// <summary>Reads a variable under the lock; false when it does not exist.</summary>
    public bool TryRead<T>(long varKey, out T? value, PhpSerializerOptions? options = null)
    {
        using (Semaphore.Lock())
            return Memory.TryGet(varKey, out value, options);
    }

    /// <summary>Writes a variable under the lock (<c>shm_put_var</c>).</summary>
    public void Write<T>(long varKey, T value, PhpSerializerOptions? options = null)
    {
        using (Semaphore.Lock())
            Memory.Put(varKey, value, options);
    }

    /// <summary>Runs <paramref name="action"/> with the segment while holding the lock (several calls as one step).</summary>
    public TResult WithLock<TResult>(Func<PhpSharedMemory, TResult> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using (Semaphore.Lock())
            return action(Memory);
    }

    /// <summary>Disposes the segment and semaphore handles when this object owns them (PHP-style auto-release).</summary>
    public void Dispose()
    {
        if (!_ownsHandles) return;
        Memory.Dispose();
        Semaphore.Dispose();
    }

    private T UpdateLocked<T>(long varKey, Func<T?, T> update, PhpSerializerOptions? options)
    {
        Memory.TryGet(varKey, out T? current, options);
        T next = update(current);
        Memory.Put(varKey, next, options);
        return next;
    }
}
