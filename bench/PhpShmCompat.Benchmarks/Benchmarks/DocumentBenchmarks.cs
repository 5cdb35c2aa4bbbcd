using BenchmarkDotNet.Attributes;
using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Benchmarks.Benchmarks;

/// <summary>
/// <see cref="PhpDocument"/> in steady state, one operation per document or message: parse of the
/// mixed corpus into one reused document, and a message receive loop into one reused document.
/// The memory diagnoser's "Allocated" column is the per-item allocation (the goal: 0 B).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls GlobalCleanup, which disposes the key scope.")]
public class DocumentBenchmarks
{
    private byte[][] _docs = [];
    private byte[][] _messages = [];
    private readonly PhpDocument _document = PhpDocument.Create();
    private IpcKeyScope? _keys;
    private PhpMessageQueue? _queue;

    [GlobalSetup]
    public void Setup()
    {
        _docs = CorpusFile.Read(BenchPaths.CorpusPath("mixed"));
        _messages = CorpusFile.Read(BenchPaths.CorpusPath("msg"));
        _ = RoundTrip.UnserializeAndCheck(_messages);
        _keys = new IpcKeyScope();
        _queue = PhpMessageQueue.Get(_keys.NewKey());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _document.Dispose();
        _queue?.Remove();
        _queue?.Dispose();
        _keys?.Dispose();
    }

    /// <summary>Every document of the mixed corpus (4000) into one reused document; per document.</summary>
    [Benchmark(OperationsPerInvoke = 4000)]
    public long ParseMixed()
    {
        long sink = 0;
        foreach (byte[] d in _docs)
        {
            _document.Load(d.AsMemory());
            sink += (int)_document.RootElement.Kind;
        }
        return sink;
    }

    /// <summary>A raw send (the payload already serialized) and a receive into the reused document; per message.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public long SendRawReceiveDocument()
    {
        long sink = 0;
        foreach (byte[] m in _messages)
        {
            _queue!.SendRaw(1, m);
            sink += _queue.ReceiveDocument(_document);
        }
        return sink;
    }
}
