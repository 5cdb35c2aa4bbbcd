using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// The key of each document's "one field": the first key of an array (null for anything else,
/// whose whole value is read instead). Worked out before timing, on both sides alike.
/// </summary>
internal static class FieldKeys
{
    public static PhpArrayKey?[] Of(IEnumerable<PhpValue> values)
        => values.Select(v => v is PhpArray { Count: > 0 } a ? a.Entries[0].Key : (PhpArrayKey?)null).ToArray();

    /// <summary>Reads the field (or the value itself) from an element, as PHP's <c>$v[$key]</c>.</summary>
    public static long Read(PhpElement root, PhpArrayKey? key)
    {
        if (key is not { } k) return (int)root.Kind;
        bool found = k.IsInt ? root.TryGetValue(k.IntValue, out PhpElement field) : root.TryGetValue(k.StringBytes, out field);
        return found ? (int)field.Kind : -1;
    }
}

/// <summary>
/// <see cref="PhpDocument"/> over every document of a corpus, one reused document (PHP:
/// <c>unserialize($d)</c>); with <c>readField</c>, one field of each as well (PHP: <c>unserialize($d)[$key]</c>).
/// </summary>
internal sealed class DocumentParseWorkload : IWorkload
{
    private readonly byte[][] _docs;
    private readonly PhpArrayKey?[] _keys;
    private readonly bool _readField;
    private readonly long _bytes;
    private readonly PhpDocument _document = PhpDocument.Create();

    public DocumentParseWorkload(byte[][] docs, bool readField)
    {
        _docs = docs;
        _readField = readField;
        _keys = FieldKeys.Of(RoundTrip.UnserializeAndCheck(docs));
        _bytes = Corpus.CorpusFile.TotalBytes(docs);
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        for (int i = 0; i < _docs.Length; i++)
        {
            _document.Load(_docs[i].AsMemory());
            sink += _readField ? FieldKeys.Read(_document.RootElement, _keys[i]) : (int)_document.RootElement.Kind;
        }
        Sink.Value += sink;
        return (_docs.Length, _bytes);
    }

    public void Dispose() => _document.Dispose();
}

/// <summary>
/// One variable of the 50-variable segment as a document, and one field of it (PHP:
/// <c>shm_get_var($s, $k)[$key]</c>), every variable in turn, one reused document.
/// </summary>
internal sealed class ShmFieldWorkload : IWorkload
{
    private readonly PhpSharedMemory _shm;
    private readonly PhpArrayKey?[] _keys;
    private readonly PhpDocument _document = PhpDocument.Create();

    public ShmFieldWorkload(int key, byte[][] docs)
    {
        PhpValue[] values = RoundTrip.UnserializeAndCheck(docs);
        _keys = FieldKeys.Of(values);
        _shm = PhpSharedMemory.Attach(key, 65536);
        for (int i = 0; i < values.Length; i++) ShmOps.Put(_shm, i, values[i]);
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        for (int r = 0; r < 20; r++)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                _shm.TryGetDocument(i, _document);
                sink += FieldKeys.Read(_document.RootElement, _keys[i]);
            }
        }
        Sink.Value += sink;
        return (20 * _keys.Length, 0);
    }

    public void Dispose()
    {
        _document.Dispose();
        _shm.Destroy();
    }
}

/// <summary>
/// A segment of 20,000 small arrays, filled in the same order with the same values as the PHP
/// side (<c>['id' => $i, 'name' => "user$i", 'score' => $i * 0.25]</c>, var key = index).
/// </summary>
internal sealed class LargeShmWorkload : IWorkload
{
    /// <summary>What a batch does.</summary>
    public enum Mode { GetLast, ForEachDocument, GetAllValues }

    public const int Count = 20_000;
    private readonly PhpSharedMemory _shm;
    private readonly Mode _mode;

    public LargeShmWorkload(int key, Mode mode)
    {
        _mode = mode;
        _shm = PhpSharedMemory.Attach(key, 4 << 20);
        for (int i = 0; i < Count; i++)
            _shm.Put(i, new PhpArray { ["id"] = i, ["name"] = $"user{i}", ["score"] = i / 4.0 });
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        switch (_mode)
        {
            case Mode.GetLast:
                for (int r = 0; r < 20; r++) sink += ((PhpArray)ShmOps.Get(_shm, Count - 1)).Count;
                Sink.Value += sink;
                return (20, 0);
            case Mode.ForEachDocument:
                var box = new StrongBox(0);
                _shm.ForEach(box, static (_, element, b) => b.Value += element["id"].GetInt64());
                Sink.Value += box.Value;
                return (1, 0);
            default:
                foreach (var pair in _shm.GetAll()) sink += ((PhpArray)pair.Value).Count;
                Sink.Value += sink;
                return (1, 0);
        }
    }

    public void Dispose() => _shm.Destroy();

    private sealed class StrongBox(long value)
    {
        public long Value = value;
    }
}
