using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// The value model's tree built with no parsing at all: in setup every document is unserialized
/// once and its tree recorded as a flat list of build steps (read in order, as a parser reads
/// bytes); each batch replays the steps through the internal calls the parser makes: the same
/// objects, strings copied into new arrays, string keys appended without a lookup (the parser's
/// filter proves nearly all of them new) and int keys put, class names through the same name
/// cache, keys shared as a perfect name cache would share them. No token is read and nothing is
/// checked, so this is less than any unserialize into the value model can do; timed beside the
/// unserialize rows it shows how much of their time building the tree alone takes.
/// </summary>
internal sealed class TreeBuildWorkload : IWorkload
{
    private readonly Step[][] _docs;
    private readonly long _bytes;

    private enum StepKind : byte { Null, False, True, Int, Float, String, Array, Object }

    private readonly struct Step(StepKind kind, PhpArrayKey key, long number = 0, double real = 0, byte[]? bytes = null)
    {
        public readonly StepKind Kind = kind;
        public readonly PhpArrayKey Key = key;   // the key this value is stored under (unused at the root)
        public readonly long Number = number;    // ints; containers: the element count
        public readonly double Real = real;
        public readonly byte[]? Bytes = bytes;   // strings: the bytes to copy; objects: the class name
    }

    public TreeBuildWorkload(byte[][] docs)
    {
        _bytes = Corpus.CorpusFile.TotalBytes(docs);
        _docs = new Step[docs.Length][];
        for (int i = 0; i < docs.Length; i++)
        {
            var steps = new List<Step>();
            Record(PhpSerialization.Unserialize(docs[i]), default, steps);
            _docs[i] = [.. steps];
        }
    }

    public (long Ops, long Bytes) RunBatch()
    {
        long sink = 0;
        foreach (Step[] steps in _docs)
        {
            int at = 0;
            sink += (int)Build(steps, ref at).Kind;
        }
        Sink.Value += sink;
        return (_docs.Length, _bytes);
    }

    public void Dispose()
    {
    }

    private static void Record(PhpValue value, PhpArrayKey key, List<Step> steps)
    {
        switch (value)
        {
            case PhpNull:
                steps.Add(new Step(StepKind.Null, key));
                break;
            case PhpBool b:
                steps.Add(new Step(b.Value ? StepKind.True : StepKind.False, key));
                break;
            case PhpInt i:
                steps.Add(new Step(StepKind.Int, key, i.Value));
                break;
            case PhpFloat f:
                steps.Add(new Step(StepKind.Float, key, real: f.Value));
                break;
            case PhpString s:
                steps.Add(new Step(StepKind.String, key, bytes: s.Span.ToArray()));
                break;
            case PhpArray a:
                steps.Add(new Step(StepKind.Array, key, a.Count));
                foreach (var entry in a.EntrySpan) Record(entry.Value, entry.Key, steps);
                break;
            case PhpObject o:
                steps.Add(new Step(StepKind.Object, key, o.Count, bytes: o.ClassNameBytes.ToArray()));
                for (int n = 0; n < o.Count; n++)
                {
                    ref readonly var property = ref o.EntryAt(n);
                    Record(property.Value, property.Key, steps);
                }
                break;
            default:
                throw new InvalidDataException($"the tree build does not record {value.Kind}");
        }
    }

    private static PhpValue Build(Step[] steps, ref int at)
    {
        ref readonly Step step = ref steps[at++];
        switch (step.Kind)
        {
            case StepKind.Null:
                return PhpNull.Instance;
            case StepKind.False:
                return PhpBool.False;
            case StepKind.True:
                return PhpBool.True;
            case StepKind.Int:
                return PhpInt.From(step.Number);
            case StepKind.Float:
                return new PhpFloat(step.Real);
            case StepKind.String:
            {
                byte[] source = step.Bytes!;
                if (source.Length == 0) return PhpString.Empty;
                byte[] copy = GC.AllocateUninitializedArray<byte>(source.Length);
                source.CopyTo(copy, 0);
                return PhpString.FromOwnedBytes(copy);
            }
            case StepKind.Array:
            {
                var array = new PhpArray((int)step.Number);
                AddElements(steps, ref at, (int)step.Number, array, null);
                return array;
            }
            default:
            {
                var obj = new PhpObject(NameCache.Get(NameCache.Table, step.Bytes), (int)step.Number);
                AddElements(steps, ref at, (int)step.Number, null, obj);
                return obj;
            }
        }
    }

    // The next count key/value steps into the array or the object, as the parser stores them.
    private static void AddElements(Step[] steps, ref int at, int count, PhpArray? array, PhpObject? obj)
    {
        for (int n = 0; n < count; n++)
        {
            PhpArrayKey key = steps[at].Key;
            PhpValue element = Build(steps, ref at);
            if (array is not null)
            {
                if (key.IsString) array.AppendNew(key, element);
                else array.Put(key, element);
            }
            else if (key.IsString) obj!.AppendNew(key, element);
            else obj!.Put(key, element);
        }
    }
}
