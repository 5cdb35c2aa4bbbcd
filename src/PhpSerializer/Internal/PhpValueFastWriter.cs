using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PhpSerializer;

/// <summary>
/// The fast serialize path for the common <see cref="PhpValue"/> tree: nulls, bools, ints,
/// floats, strings, arrays and objects that each occur once. Two passes: <see cref="TryMeasure"/>
/// walks the tree, computes the output size (exact, or a bound when the tree holds floats),
/// checks the options' limits and class names; <see cref="Write"/> then writes every token
/// straight into one span (no per-token virtual calls or state checks).
/// Anything else -- references, <c>C:</c> objects, enum cases, the same object twice (PHP
/// writes <c>r:n;</c>), a limit that would be exceeded, nesting deeper than
/// <see cref="MaxRecursion"/> -- is "not handled": the caller takes the general path
/// (<see cref="PhpValueSerializer"/> + <see cref="PhpSerializedWriter"/>), which numbers
/// references and throws the usual exceptions. The output is byte-identical to that path's.
/// </summary>
internal static class PhpValueFastWriter
{
    /// <summary>Container nesting (recursion levels) handled here; deeper trees take the general (iterative) path.</summary>
    internal const int MaxRecursion = 200;

    private const int FloatBound = 3 + PhpFloatFormatter.MaxLength; // d:...;
    private const int SmallObjectSlots = 16;                        // repeated-object check: linear up to here, then a set
    private const int MaxRetainedObjectSet = 1024;

    /// <summary>What pass 1 found: the output size and whether it is exact.</summary>
    internal readonly struct Measure(long size, bool exact)
    {
        /// <summary>The exact output size, or (when <see cref="Exact"/> is false) an upper bound.</summary>
        public readonly long Size = size;

        /// <summary>False when the tree holds floats (each counted as <see cref="PhpFloatFormatter.MaxLength"/> digits).</summary>
        public readonly bool Exact = exact;
    }

    // Per-thread memory of the objects seen in one measure pass; taken out while in use.
    private sealed class ObjectScratch
    {
        public readonly object?[] Small = new object?[SmallObjectSlots];
        public HashSet<object>? Set;
    }

    [ThreadStatic] private static ObjectScratch? t_objects;

    private ref struct MeasureState
    {
        public long Size;
        public long Limit;
        public int MaxDepth;
        public int MaxStringLength;
        public bool HasFloats;
        public int ObjectCount;
        public ObjectScratch? Objects;
    }

    /// <summary>
    /// Pass 1. False when the tree must take the general path (see the class remarks), or when its
    /// size would exceed <paramref name="limit"/> (also bounded by the options' MaxOutputBytes).
    /// </summary>
    public static bool TryMeasure(PhpValue root, PhpSerializerOptions options, long limit, out Measure measure)
    {
        var state = new MeasureState
        {
            Limit = Math.Min(limit, options.MaxOutputBytes),
            MaxDepth = options.MaxDepth,
            MaxStringLength = options.MaxStringLength,
        };
        bool ok;
        try
        {
            ok = MeasureValue(root, ref state, 0, 0) && state.Size <= state.Limit;
        }
        finally
        {
            if (state.Objects is { } scratch) ReturnObjects(scratch, state.ObjectCount);
        }
        measure = new Measure(state.Size, !state.HasFloats);
        return ok;
    }

    /// <summary>
    /// Pass 2: writes <paramref name="root"/> (measured by <see cref="TryMeasure"/>) into
    /// <paramref name="destination"/> and returns the byte count.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tree changed after it was measured.</exception>
    public static int Write(PhpValue root, Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        try
        {
            writer.WriteValue(root);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException)
        {
            throw Changed();
        }
        return writer.Position;
    }

    /// <summary>Serializes into a new array, or returns null when the tree needs the general path.</summary>
    public static byte[]? TrySerialize(PhpValue root, PhpSerializerOptions options)
    {
        if (!TryMeasure(root, options, Array.MaxLength, out Measure m)) return null;
        int size = (int)m.Size;
        if (m.Exact)
        {
            byte[] result = GC.AllocateUninitializedArray<byte>(size);
            if (Write(root, result) != size) throw Changed(); // never hand out uninitialized bytes
            return result;
        }
        byte[] scratch = SerializeBuffer.RentBytes(size);
        try
        {
            int written = Write(root, scratch.AsSpan(0, size));
            byte[] result = GC.AllocateUninitializedArray<byte>(written);
            scratch.AsSpan(0, written).CopyTo(result);
            return result;
        }
        finally
        {
            SerializeBuffer.ReturnBytes(scratch);
        }
    }

    /// <summary>Serializes into <paramref name="output"/> (one GetSpan, one Advance), or returns false, having written nothing, when the tree needs the general path.</summary>
    public static bool TrySerialize(IBufferWriter<byte> output, PhpValue root, PhpSerializerOptions options)
    {
        if (!TryMeasure(root, options, int.MaxValue, out Measure m)) return false;
        int size = (int)m.Size;
        Span<byte> span = output.GetSpan(size);
        if (span.Length < size) return false; // a writer that cannot give one span this large: the general path streams
        int written = Write(root, span[..size]);
        if (m.Exact && written != size) throw Changed();
        output.Advance(written);
        return true;
    }

    private static InvalidOperationException Changed() => new("The value was modified while it was being serialized.");

    // ---- pass 1 ----

    private static bool MeasureValue(PhpValue value, ref MeasureState s, int recursion, int openNonEmpty)
    {
        switch (value)
        {
            case PhpString str:
                return AddString(str.Span.Length, ref s);
            case PhpInt i:
                s.Size += 3 + CountDigits(i.Value);
                return true;
            case PhpArray a:
                return MeasureArray(a, ref s, recursion, openNonEmpty);
            case PhpFloat:
                s.Size += FloatBound;
                s.HasFloats = true;
                return true;
            case PhpBool:
                s.Size += 4;
                return true;
            case PhpNull:
                s.Size += 2;
                return true;
            case PhpObject o:
                return MeasureObject(o, ref s, recursion, openNonEmpty);
            default:
                return false; // references, enum cases, C: objects, unknown kinds
        }
    }

    private static bool AddString(int length, ref MeasureState s)
    {
        if (length > s.MaxStringLength) return false;
        s.Size += 6 + CountDigits((ulong)length) + (long)length; // s:len:"...";
        return true;
    }

    private static bool MeasureArray(PhpArray array, ref MeasureState s, int recursion, int openNonEmpty)
    {
        int count = array.Count;
        s.Size += 5 + CountDigits((ulong)count); // a:n:{ }
        if (count == 0) return true;
        if (!Enter(ref s, ref recursion, ref openNonEmpty)) return false;
        var entries = array.Entries;
        if (entries is List<KeyValuePair<PhpArrayKey, PhpValue>> list)
        {
            foreach (ref readonly var entry in CollectionsMarshal.AsSpan(list))
            {
                if (!MeasureKey(entry.Key, ref s) || !MeasureValue(entry.Value, ref s, recursion, openNonEmpty) || s.Size > s.Limit) return false;
            }
        }
        else
        {
            for (int i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (!MeasureKey(entry.Key, ref s) || !MeasureValue(entry.Value, ref s, recursion, openNonEmpty) || s.Size > s.Limit) return false;
            }
        }
        return true;
    }

    private static bool MeasureObject(PhpObject obj, ref MeasureState s, int recursion, int openNonEmpty)
    {
        if (!AddObject(obj, ref s)) return false;
        ReadOnlySpan<byte> className = obj.ClassNameBytes;
        if (className.Length > s.MaxStringLength || PhpSerializedReader.FirstInvalidClassNameByte(className) >= 0) return false;
        int count = obj.Count;
        s.Size += 9 + CountDigits((ulong)className.Length) + className.Length + CountDigits((ulong)count); // O:len:"Class":n:{ }
        if (count == 0) return true;
        if (!Enter(ref s, ref recursion, ref openNonEmpty)) return false;
        for (int i = 0; i < count; i++)
        {
            PhpProperty property = obj.GetPropertyAt(i);
            if (!MeasureKey(property.Key, ref s) || !MeasureValue(property.Value, ref s, recursion, openNonEmpty) || s.Size > s.Limit) return false;
        }
        return true;
    }

    // A non-empty container opens: PHP's depth limit (as PhpSerializedWriter.Push) and our recursion cap.
    private static bool Enter(ref MeasureState s, ref int recursion, ref int openNonEmpty)
    {
        if (s.MaxDepth > 0 && openNonEmpty >= s.MaxDepth) return false;
        if (recursion >= MaxRecursion) return false;
        recursion++;
        openNonEmpty++;
        return true;
    }

    private static bool MeasureKey(PhpArrayKey key, ref MeasureState s)
    {
        if (key.IsInt)
        {
            s.Size += 3 + CountDigits(key.IntValue);
            return true;
        }
        return AddString(key.StringBytes.Length, ref s);
    }

    // False when the object was already seen in this tree (PHP writes r:n the second time).
    private static bool AddObject(PhpObject obj, ref MeasureState s)
    {
        ObjectScratch scratch = s.Objects ??= RentObjects();
        int n = s.ObjectCount;
        if (n < SmallObjectSlots)
        {
            object?[] small = scratch.Small;
            for (int i = 0; i < n; i++)
            {
                if (ReferenceEquals(small[i], obj)) return false;
            }
            small[n] = obj;
            s.ObjectCount = n + 1;
            return true;
        }
        HashSet<object> set = scratch.Set ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (n == SmallObjectSlots)
        {
            foreach (object? o in scratch.Small) set.Add(o!);
        }
        s.ObjectCount = n + 1;
        return set.Add(obj);
    }

    private static ObjectScratch RentObjects()
    {
        ObjectScratch? scratch = t_objects;
        if (scratch is null) return new ObjectScratch();
        t_objects = null;
        return scratch;
    }

    private static void ReturnObjects(ObjectScratch scratch, int count)
    {
        Array.Clear(scratch.Small, 0, Math.Min(count, SmallObjectSlots)); // do not keep the caller's objects alive
        if (scratch.Set is { } set)
        {
            if (set.Count > MaxRetainedObjectSet) scratch.Set = null; // Clear() costs the capacity: do not keep big sets
            else set.Clear();
        }
        t_objects = scratch;
    }

    // ---- digits ----

    private static ReadOnlySpan<ulong> PowersOf10 =>
    [
        1UL, 10UL, 100UL, 1000UL, 10000UL, 100000UL, 1000000UL, 10000000UL, 100000000UL, 1000000000UL,
        10000000000UL, 100000000000UL, 1000000000000UL, 10000000000000UL, 100000000000000UL,
        1000000000000000UL, 10000000000000000UL, 100000000000000000UL, 1000000000000000000UL,
        10000000000000000000UL,
    ];

    /// <summary>Decimal digits of <paramref name="value"/> (1 for 0).</summary>
    internal static int CountDigits(ulong value)
    {
        value |= 1; // same digit count (10^k is even), and 0 counts as 1 digit
        int t = ((BitOperations.Log2(value) + 1) * 1233) >> 12; // floor(log10(2^bits)): the digits, or one more
        return t + 1 - (value < PowersOf10[t] ? 1 : 0);
    }

    /// <summary>Characters of <paramref name="value"/> in decimal, with the '-'.</summary>
    internal static int CountDigits(long value)
        => value < 0 ? 1 + CountDigits(unchecked(0UL - (ulong)value)) : CountDigits((ulong)value);

    private static ReadOnlySpan<byte> TwoDigits =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // ---- pass 2 ----

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _dst = destination;
        private int _pos;

        public readonly int Position => _pos;

        public void WriteValue(PhpValue value)
        {
            switch (value)
            {
                case PhpString str:
                    WriteString((byte)'s', str.Span, (byte)';');
                    break;
                case PhpInt i:
                    WriteInt((byte)'i', i.Value);
                    break;
                case PhpArray a:
                    WriteArray(a);
                    break;
                case PhpFloat f:
                    WriteFloat(f.Value);
                    break;
                case PhpBool b:
                    Span<byte> t = _dst.Slice(_pos, 4);
                    t[3] = (byte)';';
                    t[2] = b.Value ? (byte)'1' : (byte)'0';
                    t[1] = (byte)':';
                    t[0] = (byte)'b';
                    _pos += 4;
                    break;
                case PhpNull:
                    Span<byte> n = _dst.Slice(_pos, 2);
                    n[1] = (byte)';';
                    n[0] = (byte)'N';
                    _pos += 2;
                    break;
                case PhpObject o:
                    WriteObject(o);
                    break;
                default:
                    throw Changed(); // measured as handled, so the tree changed in between
            }
        }

        private void WriteArray(PhpArray array)
        {
            var entries = array.Entries;
            int count = entries.Count;
            WriteHeader((byte)'a', count);
            if (entries is List<KeyValuePair<PhpArrayKey, PhpValue>> list)
            {
                foreach (ref readonly var entry in CollectionsMarshal.AsSpan(list))
                {
                    WriteKey(entry.Key);
                    WriteValue(entry.Value);
                }
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    var entry = entries[i];
                    WriteKey(entry.Key);
                    WriteValue(entry.Value);
                }
            }
            _dst[_pos++] = (byte)'}';
        }

        private void WriteObject(PhpObject obj)
        {
            int count = obj.Count;
            WriteString((byte)'O', obj.ClassNameBytes, (byte)':');
            WriteDigits(count);
            Span<byte> t = _dst.Slice(_pos, 2);
            t[1] = (byte)'{';
            t[0] = (byte)':';
            _pos += 2;
            for (int i = 0; i < count; i++)
            {
                PhpProperty property = obj.GetPropertyAt(i);
                WriteKey(property.Key);
                WriteValue(property.Value);
            }
            _dst[_pos++] = (byte)'}';
        }

        private void WriteKey(PhpArrayKey key)
        {
            if (key.IsInt) WriteInt((byte)'i', key.IntValue);
            else WriteString((byte)'s', key.StringBytes, (byte)';');
        }

        // a:n:{
        private void WriteHeader(byte type, int count)
        {
            _dst[_pos] = type;
            _dst[_pos + 1] = (byte)':';
            _pos += 2;
            WriteDigits(count);
            Span<byte> t = _dst.Slice(_pos, 2);
            t[1] = (byte)'{';
            t[0] = (byte)':';
            _pos += 2;
        }

        // X:len:"bytes"<terminator>
        private void WriteString(byte type, ReadOnlySpan<byte> bytes, byte terminator)
        {
            _dst[_pos] = type;
            _dst[_pos + 1] = (byte)':';
            _pos += 2;
            WriteDigits(bytes.Length);
            Span<byte> t = _dst.Slice(_pos, bytes.Length + 4);
            t[0] = (byte)':';
            t[1] = (byte)'"';
            bytes.CopyTo(t[2..]);
            t[^2] = (byte)'"';
            t[^1] = terminator;
            _pos += t.Length;
        }

        // X:n;
        private void WriteInt(byte type, long value)
        {
            _dst[_pos] = type;
            _dst[_pos + 1] = (byte)':';
            _pos += 2;
            if (value < 0)
            {
                _dst[_pos++] = (byte)'-';
                WriteDigits(unchecked(0UL - (ulong)value));
            }
            else WriteDigits((ulong)value);
            _dst[_pos++] = (byte)';';
        }

        private void WriteFloat(double value)
        {
            _dst[_pos] = (byte)'d';
            _dst[_pos + 1] = (byte)':';
            _pos += 2;
            Span<byte> text = _dst.Slice(_pos, PhpFloatFormatter.MaxLength);
            int length = PhpShortFloatFormatter.TryFormatAny(value, text);
            _pos += length > 0 ? length : PhpFloatFormatter.Format(value, text);
            _dst[_pos++] = (byte)';';
        }

        private void WriteDigits(int value) => WriteDigits((ulong)(uint)value);

        private void WriteDigits(ulong value)
        {
            int length = CountDigits(value);
            Span<byte> d = _dst.Slice(_pos, length);
            _pos += length;
            int i = length;
            ReadOnlySpan<byte> pairs = TwoDigits;
            while (value >= 100)
            {
                ulong q = value / 100;
                int r = (int)(value - q * 100) * 2;
                value = q;
                i -= 2;
                d[i + 1] = pairs[r + 1];
                d[i] = pairs[r];
            }
            if (value >= 10)
            {
                int r = (int)value * 2;
                d[1] = pairs[r + 1];
                d[0] = pairs[r];
            }
            else d[0] = (byte)('0' + (int)value);
        }
    }
}
