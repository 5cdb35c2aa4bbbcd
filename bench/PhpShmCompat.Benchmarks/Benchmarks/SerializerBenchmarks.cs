using System.Buffers;
using BenchmarkDotNet.Attributes;
using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;

namespace PhpShmCompat.Benchmarks.Benchmarks;

/// <summary>
/// Value-model unserialize/serialize over a whole corpus per operation (one pass over every
/// document). MiB/s = corpus bytes / Mean; per-document cost = Mean / documents.
/// Corpora (bench/php/gen-corpus.php): mixed 4000 docs / 1.29 MiB, strings 48 docs / 3.53 MiB,
/// records 3000 docs / 0.75 MiB.
/// </summary>
public class SerializerBenchmarks
{
    private byte[][] _docs = [];
    private PhpValue[] _values = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    /// <summary>The corpus file.</summary>
    [Params("mixed", "strings", "records")]
    public string Corpus { get; set; } = "mixed";

    [GlobalSetup]
    public void Setup()
    {
        _docs = CorpusFile.Read(BenchPaths.CorpusPath(Corpus));
        _values = RoundTrip.UnserializeAndCheck(_docs);
    }

    [Benchmark]
    public long Unserialize()
    {
        long sink = 0;
        foreach (byte[] d in _docs) sink += (int)PhpSerialization.Unserialize(d).Kind;
        return sink;
    }

    [Benchmark]
    public long SerializeToArray()
    {
        long bytes = 0;
        foreach (PhpValue v in _values) bytes += PhpSerialization.Serialize(v).Length;
        return bytes;
    }

    [Benchmark]
    public long SerializeToBufferWriter()
    {
        long bytes = 0;
        foreach (PhpValue v in _values)
        {
            _buffer.ResetWrittenCount();
            PhpSerialization.Serialize(_buffer, v);
            bytes += _buffer.WrittenCount;
        }
        return bytes;
    }
}
