using BenchmarkDotNet.Attributes;
using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;

namespace PhpShmCompat.Benchmarks.Benchmarks;

/// <summary>Typed mapping of one <see cref="UserRecord"/> per operation (records.bin, 3000 records, ~264 bytes each).</summary>
public class RecordBenchmarks
{
    private byte[][] _docs = [];
    private UserRecord[] _records = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _docs = CorpusFile.Read(BenchPaths.CorpusPath("records"));
        _records = TypedRoundTrip.DeserializeAndCheck(_docs);
    }

    [Benchmark]
    public UserRecord? Deserialize() => PhpSerialization.Deserialize<UserRecord>(_docs[Next()]);

    [Benchmark]
    public byte[] Serialize() => PhpSerialization.Serialize(_records[Next()]);

    /// <summary>Lower bound for Deserialize: the value-model parse of the same bytes.</summary>
    [Benchmark]
    public PhpValue UnserializeToPhpValue() => PhpSerialization.Unserialize(_docs[Next()]);

    private int Next() => _next = _next + 1 == _docs.Length ? 0 : _next + 1;
}
