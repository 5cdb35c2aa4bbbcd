using System.Buffers;
using PhpSerializer;
using PhpShmCompat.Benchmarks.Corpus;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// <c>unserialize()</c> of every document of a corpus into the value model (PHP: <c>unserialize($d)</c>).
/// With <c>noCopy</c>, <c>UnserializeNoCopy</c>: strings are views of the document instead of copies.
/// </summary>
internal sealed class UnserializeWorkload(byte[][] docs, bool noCopy = false) : IWorkload
{
    private readonly long _bytes = CorpusFile.TotalBytes(docs);

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        if (noCopy)
        {
            foreach (byte[] d in docs) sink += (int)PhpSerialization.UnserializeNoCopy(d).Kind;
        }
        else
        {
            foreach (byte[] d in docs) sink += (int)PhpSerialization.Unserialize(d).Kind;
        }
        Sink.Value += sink;
        return (docs.Length, _bytes);
    }

    public void Dispose() { }
}

/// <summary>
/// <c>serialize()</c> of every value of a corpus (PHP: <c>serialize($v)</c>, a new string each).
/// The constructor checks that every document round-trips byte for byte first.
/// </summary>
internal sealed class SerializeWorkload : IWorkload
{
    private readonly PhpValue[] _values;
    private readonly ArrayBufferWriter<byte>? _reused;

    /// <param name="docs">The corpus.</param>
    /// <param name="reuseBuffer">False: <c>Serialize(value)</c> returns a new array (what PHP does).
    /// True: <c>Serialize(IBufferWriter, value)</c> into one reused buffer (the zero-copy API).</param>
    public SerializeWorkload(byte[][] docs, bool reuseBuffer)
    {
        _values = RoundTrip.UnserializeAndCheck(docs);
        _reused = reuseBuffer ? new ArrayBufferWriter<byte>(1 << 16) : null;
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long bytes = 0;
        if (_reused is null)
        {
            foreach (PhpValue v in _values) bytes += PhpSerialization.Serialize(v).Length;
        }
        else
        {
            foreach (PhpValue v in _values)
            {
                _reused.ResetWrittenCount();
                PhpSerialization.Serialize(_reused, v);
                bytes += _reused.WrittenCount;
            }
        }
        return (_values.Length, bytes);
    }

    public void Dispose() { }
}

/// <summary>
/// Floor of the <c>byte[]</c> serialize rows: only the result arrays. For every value, a new
/// array of its serialized size, allocated as the library allocates its results and filled by one
/// copy of bytes serialized beforehand. Holds the same value trees alive as
/// <see cref="SerializeWorkload"/>, so the collector has the same live heap to mark.
/// </summary>
internal sealed class ResultArraysWorkload : IWorkload
{
    private readonly PhpValue[] _values; // not used: the same live heap as the serialize rows
    private readonly byte[][] _results;

    public ResultArraysWorkload(byte[][] docs)
    {
        _values = RoundTrip.UnserializeAndCheck(docs);
        _results = docs; // the round trip above proved these are the serialized bytes
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long bytes = 0;
        foreach (byte[] r in _results)
        {
            byte[] copy = GC.AllocateUninitializedArray<byte>(r.Length);
            r.AsSpan().CopyTo(copy);
            bytes += copy.Length;
        }
        return (_results.Length, bytes);
    }

    public void Dispose() => GC.KeepAlive(_values);
}

/// <summary>Checks that the C# side reproduces PHP's bytes before anything is timed.</summary>
internal static class RoundTrip
{
    /// <summary>Unserializes every document and checks that serializing it again gives the same bytes.</summary>
    /// <exception cref="InvalidDataException">A document does not round-trip (a correctness bug, not a benchmark result).</exception>
    public static PhpValue[] UnserializeAndCheck(byte[][] docs)
    {
        var values = new PhpValue[docs.Length];
        for (int i = 0; i < docs.Length; i++)
        {
            values[i] = PhpSerialization.Unserialize(docs[i]);
            byte[] again = PhpSerialization.Serialize(values[i]);
            if (!again.AsSpan().SequenceEqual(docs[i]))
                throw new InvalidDataException($"document {i} does not round-trip: PHP wrote {docs[i].Length} bytes, C# {again.Length}");
        }
        return values;
    }
}
