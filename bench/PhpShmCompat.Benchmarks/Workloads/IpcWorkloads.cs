using System.Buffers;
using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// sysvshm on a 64 KiB segment holding the 50 variables of <c>shm.bin</c> (var key = index),
/// put in the same order as the PHP side, so both segments have the same layout.
/// </summary>
internal sealed class ShmWorkload : IWorkload
{
    /// <summary>What a batch does.</summary>
    public enum Mode { GetAll, GetInt, Put }

    private readonly PhpSharedMemory _shm;
    private readonly PhpValue[] _values;
    private readonly Mode _mode;

    public ShmWorkload(int key, byte[][] docs, Mode mode)
    {
        _mode = mode;
        _values = RoundTrip.UnserializeAndCheck(docs);
        _shm = PhpSharedMemory.Attach(key, 65536);
        for (int i = 0; i < _values.Length; i++) ShmOps.Put(_shm, i, _values[i]);
        if (ShmOps.Get(_shm, 0) is not PhpInt)
            throw new InvalidDataException("shm.bin: variable 0 must be an int (the shm-get-int workload reads it)");
    }

    public (long Ops, long Bytes) RunBatch()
    {
        int n = _values.Length;
        long sink = 0;
        switch (_mode)
        {
            case Mode.GetAll:
                for (int r = 0; r < 20; r++)
                    for (int i = 0; i < n; i++) sink += (int)ShmOps.Get(_shm, i).Kind;
                Sink.Value += sink;
                return (20 * n, 0);
            case Mode.GetInt:
                for (int r = 0; r < 1000; r++) sink += ((PhpInt)ShmOps.Get(_shm, 0)).Value;
                Sink.Value += sink;
                return (1000, 0);
            default:
                for (int r = 0; r < 20; r++)
                    for (int i = 0; i < n; i++) ShmOps.Put(_shm, i, _values[i]);
                return (20 * n, 0);
        }
    }

    public void Dispose() => _shm.Destroy();
}

/// <summary><c>sem_acquire</c> + <c>sem_release</c> pairs on a PHP-protocol semaphore (max_acquire 1).</summary>
internal sealed class SemaphoreWorkload(int key) : IWorkload
{
    private readonly PhpSemaphore _sem = PhpSemaphore.Get(key, 1);

    public (long Ops, long Bytes) RunBatch()
    {
        for (int r = 0; r < 1000; r++)
        {
            _sem.Acquire();
            _sem.Release();
        }
        return (1000, 0);
    }

    public void Dispose()
    {
        _sem.Remove();
        _sem.Dispose();
    }
}

/// <summary>
/// <c>msg_send</c> (serialize) + <c>msg_receive</c> (unserialize) pairs cycling over the 32
/// payloads of <c>msg.bin</c>, one message in flight.
/// </summary>
internal sealed class MessageWorkload : IWorkload
{
    private readonly PhpMessageQueue _queue;
    private readonly PhpValue[] _values;

    public MessageWorkload(int key, byte[][] docs)
    {
        _values = RoundTrip.UnserializeAndCheck(docs);
        _queue = PhpMessageQueue.Get(key);
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        for (int r = 0; r < 10; r++)
        {
            foreach (PhpValue v in _values)
            {
                MessageOps.Send(_queue, 1, v);
                sink += (int)MessageOps.Receive(_queue).Kind;
            }
        }
        Sink.Value += sink;
        return (10 * _values.Length, 0);
    }

    public void Dispose()
    {
        _queue.Remove();
        _queue.Dispose();
    }
}
