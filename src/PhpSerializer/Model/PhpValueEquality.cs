using System.Runtime.CompilerServices;

namespace PhpSerializer;

/// <summary>Structural equality of value trees, tolerant of cycles through objects and references.</summary>
internal static class PhpValueEquality
{
    public static bool AreEqual(PhpValue a, PhpValue b)
    {
        HashSet<(PhpValue, PhpValue)>? inProgress = null;
        return Equal(a, b, ref inProgress);
    }

    private static bool Equal(PhpValue a, PhpValue b, ref HashSet<(PhpValue, PhpValue)>? inProgress)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Kind != b.Kind) return false;
        switch (a)
        {
            case PhpNull:
                return true;
            case PhpBool x:
                return x.Value == ((PhpBool)b).Value;
            case PhpInt x:
                return x.Value == ((PhpInt)b).Value;
            case PhpFloat x:
                {
                    double y = ((PhpFloat)b).Value;
                    return double.IsNaN(x.Value) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x.Value) == BitConverter.DoubleToInt64Bits(y);
                }
            case PhpString x:
                return x.Span.SequenceEqual(((PhpString)b).Span);
            case PhpEnumCase x:
                return x.SerializedName.SequenceEqual(((PhpEnumCase)b).SerializedName);
            case PhpSerializableObject x:
                {
                    var y = (PhpSerializableObject)b;
                    return x.ClassNameBytes.SequenceEqual(y.ClassNameBytes) && x.Payload.SequenceEqual(y.Payload);
                }
        }
        RuntimeHelpers.EnsureSufficientExecutionStack();
        inProgress ??= new HashSet<(PhpValue, PhpValue)>(ReferencePairComparer.Instance);
        if (!inProgress.Add((a, b))) return true; // already being compared higher up: assume equal (cycle)
        switch (a)
        {
            case PhpReference x:
                return Equal(x.Value, ((PhpReference)b).Value, ref inProgress);
            case PhpArray x:
                {
                    var y = (PhpArray)b;
                    if (x.Count != y.Count) return false;
                    var ex = x.EntrySpan;
                    var ey = y.EntrySpan;
                    if (ex.Length != ey.Length) return false;
                    for (int i = 0; i < ex.Length; i++)
                    {
                        if (!ex[i].Key.Equals(ey[i].Key) || !Equal(ex[i].Value, ey[i].Value, ref inProgress)) return false;
                    }
                    return true;
                }
            case PhpObject x:
                {
                    var y = (PhpObject)b;
                    if (x.Count != y.Count || !x.ClassNameBytes.SequenceEqual(y.ClassNameBytes)) return false;
                    for (int i = 0; i < x.Count; i++)
                    {
                        ref readonly var px = ref x.EntryAt(i);
                        ref readonly var py = ref y.EntryAt(i);
                        if (!px.Key.Equals(py.Key) || !Equal(px.Value, py.Value, ref inProgress)) return false;
                    }
                    return true;
                }
            default:
                return false;
        }
    }

    /// <summary>
    /// Compares pairs by identity. The default tuple comparer would call <see cref="PhpValue.Equals(object?)"/>,
    /// i.e. this structural comparison again, recursing through every nested container.
    /// </summary>
    private sealed class ReferencePairComparer : IEqualityComparer<(PhpValue, PhpValue)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((PhpValue, PhpValue) x, (PhpValue, PhpValue) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((PhpValue, PhpValue) pair) => HashCode.Combine(RuntimeHelpers.GetHashCode(pair.Item1), RuntimeHelpers.GetHashCode(pair.Item2));
    }

    /// <summary>A hash consistent with <see cref="AreEqual"/> that never descends into containers.</summary>
    public static int ShallowHash(PhpValue v)
    {
        switch (v)
        {
            case PhpBool x: return HashCode.Combine(v.Kind, x.Value);
            case PhpInt x: return HashCode.Combine(v.Kind, x.Value);
            case PhpFloat x: return HashCode.Combine(v.Kind, double.IsNaN(x.Value) ? 0L : BitConverter.DoubleToInt64Bits(x.Value));
            case PhpString x:
                {
                    var h = new HashCode();
                    h.Add(v.Kind);
                    h.AddBytes(x.Span);
                    return h.ToHashCode();
                }
            case PhpEnumCase x:
                {
                    var h = new HashCode();
                    h.Add(v.Kind);
                    h.AddBytes(x.SerializedName);
                    return h.ToHashCode();
                }
            case PhpArray x: return HashCode.Combine(v.Kind, x.Count);
            case PhpObject x: return HashCode.Combine(v.Kind, x.Count, x.ClassName);
            case PhpSerializableObject x: return HashCode.Combine(v.Kind, x.Payload.Length, x.ClassName);
            default: return (int)v.Kind;
        }
    }
}
