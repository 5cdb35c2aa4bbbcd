using System.Diagnostics;
using PhpSerializer;

namespace PhpShmCompat.Hosting;

/// <summary>
/// The sysvshm segment registered with <c>AddPhpSharedMemory</c> and the semaphore PHP takes
/// around it: locked read-modify-writes that interlock with PHP's
/// <c>sem_acquire</c>/<c>shm_get_var</c>/<c>shm_put_var</c>/<c>sem_release</c>, with the lock wait
/// recorded in the <c>phpshm.lock.wait.duration</c> histogram and the segment's bytes in the
/// <c>phpshm.segment.bytes.*</c> gauges.
/// </summary>
public sealed class PhpSharedSegment : IDisposable
{
    private readonly PhpShmMetrics? _metrics;
    private readonly IDisposable? _tracking;

    /// <summary>Wraps a locked segment (owned: disposed with this object).</summary>
    public PhpSharedSegment(PhpLockedSegment segment, PhpShmMetrics? metrics = null)
    {
        Locked = segment ?? throw new ArgumentNullException(nameof(segment));
        _metrics = metrics;
        _tracking = metrics?.TrackSegment(segment.Memory);
    }

    /// <summary>The segment and its semaphore.</summary>
    public PhpLockedSegment Locked { get; }

    /// <summary>The segment (use it directly only while holding the lock).</summary>
    public PhpSharedMemory Memory => Locked.Memory;

    /// <summary>The semaphore that guards the segment.</summary>
    public PhpSemaphore Semaphore => Locked.Semaphore;

    /// <summary>Takes the semaphore (a kernel wait, cancellable at once); dispose the result to release it.</summary>
    public async Task<PhpSemaphoreLock> LockAsync(CancellationToken cancellationToken = default)
    {
        long start = Stopwatch.GetTimestamp();
        PhpSemaphoreLock held = await Semaphore.LockAsync(cancellationToken).ConfigureAwait(false);
        _metrics?.RecordLockWait(Stopwatch.GetElapsedTime(start), Semaphore.Key);
        return held;
    }

    /// <summary>
    /// Locked read-modify-write of one variable on the PHP value model (<c>null</c> when missing), as
    /// PHP's <c>sem_acquire</c>, <c>shm_get_var</c>, change, <c>shm_put_var</c>, <c>sem_release</c>.
    /// If <paramref name="update"/> throws, nothing is written and the lock is released.
    /// </summary>
    /// <returns>The value written.</returns>
    public async Task<PhpValue> UpdateAsync(long varKey, Func<PhpValue?, PhpValue> update, PhpSerializerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            PhpValue? current = Memory.TryGet(varKey, out PhpValue? value, options) ? value : null;
            PhpValue next = update(current) ?? throw new InvalidOperationException("the update function returned null; return PhpNull for PHP's null");
            Memory.Put(varKey, next, options);
            return next;
        }
    }

    /// <summary>Locked read-modify-write of one variable with the serializer's object mapping (<c>default</c> when missing).</summary>
    /// <returns>The value written.</returns>
    public async Task<T> UpdateAsync<T>(long varKey, Func<T?, T> update, PhpSerializerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            Memory.TryGet(varKey, out T? current, options);
            T next = update(current);
            Memory.Put(varKey, next, options);
            return next;
        }
    }

    /// <summary>Stops the gauges and disposes the handles (PHP-style auto-release of the semaphore).</summary>
    public void Dispose()
    {
        _tracking?.Dispose();
        Locked.Dispose();
    }
}
