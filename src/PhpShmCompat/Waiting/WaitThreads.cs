namespace PhpShmCompat.Waiting;

/// <summary>
/// Dedicated threads for blocking System V waits, so an asynchronous wait neither holds a
/// thread-pool thread (the pool would grow to make up for it) nor polls. A thread that finished
/// its wait parks (a kernel wait on a monitor) and is reused by the next wait; after
/// <see cref="IdleLifetime"/> without work it ends.
/// </summary>
internal static class WaitThreads
{
    /// <summary>How long a parked thread waits for new work before it ends.</summary>
    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private static readonly object Gate = new();
    private static readonly LinkedList<Worker> Idle = new();
    private static int _started;

    /// <summary>Threads started so far (for tests).</summary>
    internal static int Started => Volatile.Read(ref _started);

    /// <summary>Runs <paramref name="work"/> on a dedicated thread (it must not throw).</summary>
    internal static void Run(Action work)
    {
        Worker? worker = null;
        lock (Gate)
        {
            if (Idle.First is { } node)
            {
                Idle.Remove(node);
                worker = node.Value;
            }
        }
        if (worker is null || !worker.TryAssign(work)) _ = new Worker(work); // the worker starts its own thread
    }

    private sealed class Worker
    {
        private readonly LinkedListNode<Worker> _node;
        private Action? _work;
        private bool _ended;

        internal Worker(Action work)
        {
            _node = new LinkedListNode<Worker>(this);
            _work = work;
            Interlocked.Increment(ref _started);
            new Thread(Loop) { IsBackground = true, Name = "PhpShmCompat wait" }.Start();
        }

        internal bool TryAssign(Action work)
        {
            lock (this)
            {
                if (_ended) return false;
                _work = work;
                Monitor.Pulse(this);
                return true;
            }
        }

        private void Loop()
        {
            WakeSignal.UnblockOnThisThread();
            while (true)
            {
                Action work;
                lock (this)
                {
                    while (_work is null)
                    {
                        if (Monitor.Wait(this, IdleLifetime) || _work is not null) continue;
                        lock (Gate)
                        {
                            // Still on the idle list: nobody can hand work to it any more once removed.
                            if (_node.List is null) continue; // taken by Run; its work is on the way
                            Idle.Remove(_node);
                        }
                        _ended = true;
                        return;
                    }
                    work = _work;
                    _work = null;
                }
                work();
                lock (Gate) Idle.AddFirst(_node);
            }
        }
    }
}
