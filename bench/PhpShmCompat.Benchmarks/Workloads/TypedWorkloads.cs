using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary><c>Deserialize&lt;UserRecord&gt;</c> of every record (PHP: <c>unserialize()</c> into the declared class).</summary>
internal sealed class DeserializeRecordsWorkload : IWorkload
{
    private readonly byte[][] _docs;
    private readonly long _bytes;

    public DeserializeRecordsWorkload(byte[][] docs)
    {
        _docs = docs;
        _bytes = CorpusFile.TotalBytes(docs);
        TypedRoundTrip.DeserializeAndCheck(docs);
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        foreach (byte[] d in _docs) sink += PhpSerialization.Deserialize<UserRecord>(d)!.Id;
        Sink.Value += sink;
        return (_docs.Length, _bytes);
    }

    public void Dispose() { }
}

/// <summary><c>Serialize&lt;UserRecord&gt;</c> of every record to a new array (PHP: <c>serialize($record)</c>).</summary>
internal sealed class SerializeRecordsWorkload(byte[][] docs) : IWorkload
{
    private readonly UserRecord[] _records = TypedRoundTrip.DeserializeAndCheck(docs);

    public (long Ops, long Bytes) RunBatch()
    {
        long bytes = 0;
        foreach (UserRecord r in _records) bytes += PhpSerialization.Serialize(r).Length;
        return (_records.Length, bytes);
    }

    public void Dispose() { }
}

/// <summary>Checks the typed mapping reproduces PHP's bytes before anything is timed.</summary>
internal static class TypedRoundTrip
{
    /// <exception cref="InvalidDataException">A record does not round-trip byte for byte.</exception>
    public static UserRecord[] DeserializeAndCheck(byte[][] docs)
    {
        var records = new UserRecord[docs.Length];
        for (int i = 0; i < docs.Length; i++)
        {
            records[i] = PhpSerialization.Deserialize<UserRecord>(docs[i])
                         ?? throw new InvalidDataException($"record {i} deserialized to null");
            byte[] again = PhpSerialization.Serialize(records[i]);
            if (!again.AsSpan().SequenceEqual(docs[i]))
                throw new InvalidDataException($"record {i} does not round-trip: PHP wrote {System.Text.Encoding.UTF8.GetString(docs[i])}, C# {System.Text.Encoding.UTF8.GetString(again)}");
        }
        return records;
    }
}
