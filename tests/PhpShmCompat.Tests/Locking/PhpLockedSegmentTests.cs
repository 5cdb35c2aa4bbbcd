using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.Locking;

/// <summary>
/// Every locking entry point of <see cref="PhpLockedSegment"/> waits while another handle holds
/// the semaphore, touches the segment only after the holder released it, and releases the lock
/// whatever happens. The holder is a second semaphore and segment handle in this process: to
/// the kernel it is the same semaphore, so the call blocks in <c>semop</c> exactly as it would
/// behind a PHP <c>sem_acquire</c> (the interop tests do that with real PHP).
/// </summary>
public class PhpLockedSegmentTests
{
    private const long Var = 7;

    /// <summary>One entry point: what is in the variable before, the call, and what it must return after the holder wrote "holder".</summary>
    public sealed record EntryPoint(string Name, Func<PhpLockedSegment, Task<object?>> Call, object? Expected, string ExpectedStored)
    {
        public override string ToString() => Name;
    }

    private static Task<object?> OnThread(Func<object?> call)
        => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static TheoryData<EntryPoint> EntryPoints() =>
    [
        new("Write", s => OnThread(() => { s.Write(Var, "csharp"); return null; }), null, "s:6:\"csharp\";"),
        new("WithLock", s => OnThread(() => s.WithLock(m => { string read = m.Get<string>(Var)!; m.Put(Var, read + "!"); return read; })),
            "holder", "s:7:\"holder!\";"),
        new("Update<T>", s => OnThread(() => s.Update<string>(Var, v => v + "+1")), "holder+1", "s:8:\"holder+1\";"),
        new("UpdateAsync<T>", async s => await s.UpdateAsync<string>(Var, v => v + "+2"), "holder+2", "s:8:\"holder+2\";"),
        new("Update(PhpValue)", s => OnThread(() => s.Update(Var, v => (PhpValue)(((PhpString)v!).ToUtf8String() + "+3"))),
            (PhpValue)"holder+3", "s:8:\"holder+3\";"),
        new("TryRead<T>", s => OnThread(() => s.TryRead(Var, out string? v) ? v : "<missing>"), "holder", "s:6:\"holder\";"),
    ];

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task WaitsWhileAnotherHandleHoldsTheSemaphore(EntryPoint entry)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Memory.Put(Var, "before");
        using var holderSemaphore = PhpSemaphore.Get(key);
        using var holderMemory = PhpSharedMemory.Attach(key);

        holderSemaphore.Acquire();
        Task<object?> call = entry.Call(segment);
        bool waited = SemaphoreWaiters.WaitsForLock(call, key);
        Assert.True(waited, $"{entry.Name} finished while another handle held the semaphore");
        Assert.False(call.IsCompleted);
        Assert.Equal("before", holderMemory.Get<string>(Var)); // nothing touched while the holder has the lock
        holderMemory.Put(Var, "holder");
        holderSemaphore.Release();

        Assert.True(await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(30))) == call, $"{entry.Name} did not finish after the release");
        Assert.Equal(entry.Expected, await call);
        Assert.Equal(entry.ExpectedStored, System.Text.Encoding.ASCII.GetString(holderMemory.GetRaw(Var)!));
        Assert.Equal(0, segment.Semaphore.HeldCount);
        Assert.Equal(1, segment.Semaphore.AvailableCount);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task WithTheSemaphoreFreeTheCallTakesAndGivesItBack(EntryPoint entry)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Memory.Put(Var, "holder");
        Task<object?> call = entry.Call(segment);
        Assert.True(await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(30))) == call, $"{entry.Name} did not finish on a free semaphore");
        Assert.Equal(entry.Expected, await call);
        Assert.Equal(0, segment.Semaphore.HeldCount);
        Assert.Equal(1, segment.Semaphore.AvailableCount);
        Assert.Equal(0, SemaphoreWaiters.Count(key));
    }

    [Fact]
    public void TheSemaphoreIsHeldWhileTheSegmentIsUsed()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        using var other = PhpSemaphore.Get(key);

        int seen = segment.WithLock(_ =>
        {
            Assert.False(other.TryAcquire(), "WithLock ran its action without the lock");
            return segment.Semaphore.HeldCount * 10 + segment.Semaphore.AvailableCount;
        });
        Assert.Equal(10, seen);

        long written = segment.Update<long>(1, v =>
        {
            Assert.False(other.TryAcquire(), "Update<T> ran its function without the lock");
            return v + 5;
        });
        Assert.Equal(5, written);

        segment.Update(2, v =>
        {
            Assert.Null(v);
            Assert.False(other.TryAcquire(), "Update(PhpValue) ran its function without the lock");
            return (PhpValue)9L;
        });
        Assert.Equal("i:9;", System.Text.Encoding.ASCII.GetString(segment.Memory.GetRaw(2)!));
        Assert.True(other.TryAcquire());
        other.Release();
    }

    [Fact]
    public async Task UpdatesReadTheCurrentValueOrDefaultAndWriteTheResult()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        long? seen = -1;
        Assert.Equal(1, segment.Update<long?>(3, v => { seen = v; return (v ?? 0) + 1; }));
        Assert.Null(seen);
        Assert.Equal(2, segment.Update<long?>(3, v => { seen = v; return (v ?? 0) + 1; }));
        Assert.Equal(1, seen);
        Assert.Equal(12, await segment.UpdateAsync<long>(3, v => v + 10));
        Assert.Equal(12, segment.Memory.Get<long>(3));

        PhpValue? current = PhpNull.Instance;
        PhpValue next = segment.Update(4, v => { current = v; return PhpArray.List(1L); });
        Assert.Null(current);
        Assert.Equal(PhpArray.List(1L), next);
        segment.Update(4, v => { current = v; return v!; });
        Assert.Equal(PhpArray.List(1L), current);
        Assert.Equal("a:1:{i:0;i:1;}", System.Text.Encoding.ASCII.GetString(segment.Memory.GetRaw(4)!));

        Assert.True(segment.TryRead(3, out long three));
        Assert.Equal(12, three);
        Assert.False(segment.TryRead(99, out long missing));
        Assert.Equal(0, missing);
    }

    [Fact]
    public async Task FailuresWriteNothingAndReleaseTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Write(1, "kept");

        Assert.Throws<InvalidOperationException>(() => segment.Update<string>(1, _ => throw new InvalidOperationException("no")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => segment.UpdateAsync<string>(1, _ => throw new InvalidOperationException("no")));
        Assert.Throws<InvalidOperationException>(() => segment.Update(1, _ => throw new InvalidOperationException("no")));
        var nullResult = Assert.Throws<InvalidOperationException>(() => segment.Update(1, _ => null!));
        Assert.Contains("PhpNull", nullResult.Message);
        Assert.Throws<InvalidOperationException>(() => segment.WithLock<int>(_ => throw new InvalidOperationException("no")));
        Assert.Throws<PhpShmCorruptException>(() => segment.TryRead(1, out long _)); // a string is not a long
        Assert.Throws<PhpShmFullException>(() => segment.Write(1, new string('x', 20_000)));

        Assert.Equal("s:4:\"kept\";", System.Text.Encoding.ASCII.GetString(segment.Memory.GetRaw(1)!));
        Assert.Equal(0, segment.Semaphore.HeldCount);
        Assert.Equal(1, segment.Semaphore.AvailableCount);
    }

    [Fact]
    public async Task NullFunctionsAndHandlesAreRejected()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        Assert.Throws<ArgumentNullException>(() => segment.Update<long>(1, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => segment.UpdateAsync<long>(1, null!));
        Assert.Throws<ArgumentNullException>(() => segment.Update(1, (Func<PhpValue?, PhpValue>)null!));
        Assert.Throws<ArgumentNullException>(() => segment.WithLock<int>(null!));
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => new PhpLockedSegment(null!, segment.Semaphore)).ParamName);
        Assert.Equal("semaphore", Assert.Throws<ArgumentNullException>(() => new PhpLockedSegment(segment.Memory, null!)).ParamName);
        Assert.Equal(0, segment.Semaphore.HeldCount);
    }

    [Fact]
    public async Task ACancelledUpdateAsyncWritesNothing()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        segment.Write(1, 5L);
        using var holder = PhpSemaphore.Get(key);
        holder.Acquire();
        using var cts = new CancellationTokenSource();
        Task<long> update = segment.UpdateAsync<long>(1, v => v + 1, cancellationToken: cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => update);
        holder.Release();
        Assert.Equal(5, segment.Memory.Get<long>(1));
        Assert.Equal(0, segment.Semaphore.HeldCount);
    }

    [Fact]
    public async Task UpdateAsyncDoesNotResumeOnTheCallersContext()
    {
        // A library await must not need the caller's context (a UI or single-threaded context
        // would otherwise deadlock when the caller blocks on the task).
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var segment = PhpLockedSegment.Open(key);
        using var holder = PhpSemaphore.Get(key);
        holder.Acquire();
        var context = new CountingContext();
        Task<long> update;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            update = segment.UpdateAsync<long>(1, v => v + 1); // the lock is held: this really awaits
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        Assert.True(SemaphoreWaiters.WaitsForLock(update, key));
        holder.Release();
        Assert.Equal(1, await update.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, context.Posts);
    }

    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    [Fact]
    public void OpenUsesTheSegmentKeyForTheSemaphoreUnlessToldOtherwise()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(), semKey = keys.NewKey();
        using (var same = PhpLockedSegment.Open(key, size: 4096))
        {
            Assert.Equal(key, same.Memory.Key);
            Assert.Equal(key, same.Semaphore.Key);
            Assert.Equal(1, same.Semaphore.AvailableCount); // sem_get($key, 1): one holder at a time
            Assert.Equal(4096, same.Memory.SegmentSize);
        }
        using var separate = PhpLockedSegment.Open(key, semKey);
        Assert.Equal(key, separate.Memory.Key);
        Assert.Equal(semKey, separate.Semaphore.Key);
        Assert.Equal(4096, separate.Memory.SegmentSize); // the existing segment, its size kept
    }

    [Fact]
    public void OpenGivesTheSemaphoreBackWhenTheSegmentCannotBeAttached()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Assert.Throws<ArgumentOutOfRangeException>(() => PhpLockedSegment.Open(key, size: 0));
        Assert.Equal(0, PhpSemaphoreStatus.Read(key).Users);
    }

    [Fact]
    public void DisposeClosesOnlyOwnedHandles()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var memory = PhpSharedMemory.Attach(key);
        using var semaphore = PhpSemaphore.Get(key);
        var borrowed = new PhpLockedSegment(memory, semaphore);
        Assert.Same(memory, borrowed.Memory);
        Assert.Same(semaphore, borrowed.Semaphore);
        borrowed.Dispose();
        Assert.True(memory.IsAttached);
        Assert.Equal(1, semaphore.UsageCount);

        var owned = PhpLockedSegment.Open(key);
        Assert.Equal(2, semaphore.UsageCount);
        owned.Dispose();
        Assert.False(owned.Memory.IsAttached);
        Assert.Equal(1, semaphore.UsageCount);

        var explicitlyOwned = new PhpLockedSegment(PhpSharedMemory.Attach(key), PhpSemaphore.Get(key), ownsHandles: true);
        explicitlyOwned.Dispose();
        Assert.False(explicitlyOwned.Memory.IsAttached);
        Assert.Equal(1, semaphore.UsageCount);
    }
}
