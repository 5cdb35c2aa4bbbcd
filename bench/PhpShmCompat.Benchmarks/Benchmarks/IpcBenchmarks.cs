using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Benchmarks.Benchmarks;

/// <summary>sysvshm on a 64 KiB segment with the 50 variables of shm.bin (var 0 is an int).</summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes the key scope.")]
public class ShmBenchmarks
{
    private IpcKeyScope? _keys;
    private PhpSharedMemory? _shm;
    private PhpValue[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        _values = RoundTrip.UnserializeAndCheck(CorpusFile.Read(BenchPaths.CorpusPath("shm")));
        _keys = new IpcKeyScope();
        _shm = PhpSharedMemory.Attach(_keys.NewKey(), 65536);
        for (int i = 0; i < _values.Length; i++) ShmOps.Put(_shm, i, _values[i]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _shm?.Destroy();
        _keys?.Dispose();
    }

    /// <summary>Get of the int variable: the only allocation should be the PhpInt result (24 B).</summary>
    [Benchmark]
    public PhpValue GetInt() => ShmOps.Get(_shm!, 0);

    /// <summary>Lower bound: find the chunk and hand out the span, no unserialize.</summary>
    [Benchmark]
    public int FindRawInt() => _shm!.TryReadRaw(0, 0, static (span, _) => span.Length, out int n) ? n : -1;

    [Benchmark(OperationsPerInvoke = 50)]
    public long GetAll50()
    {
        long sink = 0;
        for (int i = 0; i < 50; i++) sink += (int)ShmOps.Get(_shm!, i).Kind;
        return sink;
    }

    [Benchmark(OperationsPerInvoke = 50)]
    public void PutAll50()
    {
        for (int i = 0; i < 50; i++) ShmOps.Put(_shm!, i, _values[i]);
    }
}

/// <summary>PHP-protocol semaphore: one acquire + release pair per operation.</summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes the key scope.")]
public class SemaphoreBenchmarks
{
    private IpcKeyScope? _keys;
    private PhpSemaphore? _sem;

    [GlobalSetup]
    public void Setup()
    {
        _keys = new IpcKeyScope();
        _sem = PhpSemaphore.Get(_keys.NewKey(), 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sem?.Remove();
        _sem?.Dispose();
        _keys?.Dispose();
    }

    [Benchmark]
    public void AcquireRelease()
    {
        _sem!.Acquire();
        _sem.Release();
    }
}

/// <summary>One serialized send + receive (+ unserialize) pair per operation, over msg.bin's 32 payloads.</summary>
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes the key scope.")]
public class MessageBenchmarks
{
    private IpcKeyScope? _keys;
    private PhpMessageQueue? _queue;
    private PhpValue[] _values = [];

    [GlobalSetup]
    public void Setup()
    {
        _values = RoundTrip.UnserializeAndCheck(CorpusFile.Read(BenchPaths.CorpusPath("msg")));
        _keys = new IpcKeyScope();
        _queue = PhpMessageQueue.Get(_keys.NewKey());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _queue?.Remove();
        _queue?.Dispose();
        _keys?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = 32)]
    public long SendReceive()
    {
        long sink = 0;
        foreach (PhpValue v in _values)
        {
            MessageOps.Send(_queue!, 1, v);
            sink += (int)MessageOps.Receive(_queue!).Kind;
        }
        return sink;
    }
}
