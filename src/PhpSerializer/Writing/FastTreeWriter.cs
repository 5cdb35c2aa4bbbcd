using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PhpSerializer;

/// <summary>
/// The fast serialize path for the common <see cref="PhpValue"/> tree: nulls, bools, ints,
/// floats, strings, arrays and objects that each occur once. <see cref="TryWrite"/> writes every
/// token straight into one span (no per-token virtual calls or writer state), checking the
/// options' limits, class names and repeated objects on the way. A value is first written in one
/// pass into the space at hand (the per-thread scratch for small values, the span an
/// <see cref="IBufferWriter{T}"/> has free); when that is too small, <see cref="TryMeasure"/>
/// computes the size (exact, or a bound when the tree holds floats) and it is written again into
/// exactly that much (for the <c>byte[]</c> result: into the result itself).
/// Anything else -- references, <c>C:</c> objects, enum cases, the same object twice (PHP
/// writes <c>r:n;</c>), a limit that would be exceeded, nesting deeper than
/// <see cref="MaxRecursion"/> -- is "not handled": the caller takes the general path
/// (<see cref="TreeWriter"/> + <see cref="PhpSerializedWriter"/>), which numbers
/// references and throws the usual exceptions. The output is byte-identical to that path's.
/// </summary>
internal static partial class FastTreeWriter
{
    /// <summary>Container nesting (recursion levels) handled here; deeper trees take the general (iterative) path.</summary>
    internal const int MaxRecursion = 200;

    private const int SmallObjectSlots = 16;                        // repeated-object check: linear up to here, then a set
    private const int MaxRetainedObjectSet = 1024;

    /// <summary>What <see cref="TryMeasure"/> found: the output size and whether it is exact.</summary>
    internal readonly struct Measure(long size, bool exact)
    {
        /// <summary>The exact output size, or (when <see cref="Exact"/> is false) an upper bound.</summary>
        public readonly long Size = size;

        /// <summary>False when the tree holds floats (each counted as <see cref="PhpFloatFormatter.MaxLength"/> digits).</summary>
        public readonly bool Exact = exact;
    }

    // Per-thread set for passes that meet more than SmallObjectSlots objects; taken out while in use.
    [ThreadStatic] private static HashSet<object>? t_objectSet;

    private ref struct MeasureState
    {
        public long Size;
        public long Limit;
        public int MaxDepth;
        public int MaxStringLength;
        public bool HasFloats;
        public ObjectTracker Objects;
    }

    [InlineArray(SmallObjectSlots)]
    private struct SmallObjects
    {
        private object? _first;
    }

    /// <summary>The objects met in one pass: false from <see cref="Add"/> for one met before (PHP writes r:n then).</summary>
    internal struct ObjectTracker
    {
        private SmallObjects _small; // the first ones, on the caller's stack
        private HashSet<object>? _set;
        private int _count;

        public bool Add(object obj)
        {
            int n = _count;
            if (n < SmallObjectSlots)
            {
                for (int i = 0; i < n; i++)
                {
                    if (ReferenceEquals(_small[i], obj)) return false;
                }
                _small[n] = obj;
                _count = n + 1;
                return true;
            }
            HashSet<object> set = _set ??= RentObjectSet();
            if (n == SmallObjectSlots)
            {
                foreach (object? o in _small) set.Add(o!);
            }
            _count = n + 1;
            return set.Add(obj);
        }

        public void Release()
        {
            if (_set is { } set)
            {
                ReturnObjectSet(set);
                _set = null;
            }
            _count = 0;
        }
    }

    /// <summary>
    /// Measures the output. False when the tree must take the general path (see the class remarks), or when its
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
            state.Objects.Release();
        }
        measure = new Measure(state.Size, !state.HasFloats);
        return ok;
    }

    /// <summary>How a <see cref="TryWrite"/> attempt ended.</summary>
    internal enum WriteStatus
    {
        /// <summary>The whole value was written.</summary>
        Done,
        /// <summary>The destination is too small (nothing useful written): measure and retry with the size.</summary>
        TooSmall,
        /// <summary>The tree needs the general path (see the class remarks).</summary>
        NotHandled,
    }

    /// <summary>
    /// Writes <paramref name="root"/> into <paramref name="destination"/> in one pass, with every
    /// check of <see cref="TryMeasure"/> (limits, class names, repeated objects) made on the way.
    /// </summary>
    public static WriteStatus TryWrite(PhpValue root, PhpSerializerOptions options, Span<byte> destination, out int written)
    {
        var writer = new SpanWriter(destination, options);
        try
        {
            writer.WriteValue(root, 0, 0);
        }
        finally
        {
            writer.Objects.Release();
        }
        written = writer.Position;
        return writer.Status;
    }

    // The first attempt writes into the per-thread scratch (then one exact copy) without measuring;
    // larger values are measured first and written straight into the result, saving the copy.
    private const int FirstAttemptBytes = 4096;

    /// <summary>Serializes into a new array, or returns null when the tree needs the general path.</summary>
    public static byte[]? TrySerialize(PhpValue root, PhpSerializerOptions options)
    {
        long limit = Math.Clamp(options.MaxOutputBytes, 0, Array.MaxLength);
        byte[] scratch = SerializeBuffer.RentBytes(FirstAttemptBytes);
        try
        {
            WriteStatus first = TryWrite(root, options, scratch.AsSpan(0, (int)Math.Min(FirstAttemptBytes, limit)), out int written);
            if (first == WriteStatus.NotHandled) return null;
            if (first == WriteStatus.Done) return CopyOut(scratch.AsSpan(0, written));
        }
        finally
        {
            SerializeBuffer.ReturnBytes(scratch);
        }

        if (!TryMeasure(root, options, Array.MaxLength, out Measure m)) return null;
        int size = (int)m.Size;
        if (m.Exact)
        {
            byte[] result = GC.AllocateUninitializedArray<byte>(size);
            if (TryWrite(root, options, result, out int exact) != WriteStatus.Done || exact != size) throw Changed(); // never hand out uninitialized bytes
            return result;
        }
        scratch = SerializeBuffer.RentBytes(size);
        try
        {
            if (TryWrite(root, options, scratch.AsSpan(0, size), out int written) != WriteStatus.Done) throw Changed();
            return CopyOut(scratch.AsSpan(0, written));
        }
        finally
        {
            SerializeBuffer.ReturnBytes(scratch);
        }
    }

    /// <summary>
    /// Serializes into <paramref name="output"/> (one Advance), or returns false, having advanced
    /// nothing, when the tree needs the general path. The first attempt writes into the span the
    /// writer has free; only when that is too small is the value measured and a span of the size asked for.
    /// </summary>
    public static bool TrySerialize(IBufferWriter<byte> output, PhpValue root, PhpSerializerOptions options)
    {
        long limit = Math.Clamp(options.MaxOutputBytes, 0, int.MaxValue);
        Span<byte> span = output.GetSpan();
        WriteStatus first = TryWrite(root, options, span[..(int)Math.Min(span.Length, limit)], out int written);
        if (first == WriteStatus.NotHandled) return false;
        if (first == WriteStatus.TooSmall)
        {
            if (!TryMeasure(root, options, int.MaxValue, out Measure m)) return false;
            int size = (int)m.Size;
            span = output.GetSpan(size);
            if (span.Length < size) return false; // a writer that cannot give one span this large: the general path streams
            if (TryWrite(root, options, span[..size], out written) != WriteStatus.Done || (m.Exact && written != size)) throw Changed();
        }
        output.Advance(written);
        return true;
    }

    private static byte[] CopyOut(ReadOnlySpan<byte> written)
    {
        byte[] result = GC.AllocateUninitializedArray<byte>(written.Length); // every byte is overwritten
        written.CopyTo(result);
        return result;
    }

    private static InvalidOperationException Changed() => new("The value was modified while it was being serialized.");

    // ---- measuring ----

    private static bool MeasureValue(PhpValue value, ref MeasureState s, int recursion, int openNonEmpty)
    {
        switch (value)
        {
            case PhpString str:
                return AddString(str.Span.Length, ref s);
            case PhpInt i:
                s.Size += PhpPrimitives.SizeOfInt(i.Value);
                return true;
            case PhpArray a:
                return MeasureArray(a, ref s, recursion, openNonEmpty);
            case PhpFloat:
                s.Size += PhpPrimitives.MaxFloatSize;
                s.HasFloats = true;
                return true;
            case PhpBool:
                s.Size += PhpPrimitives.BoolSize;
                return true;
            case PhpNull:
                s.Size += PhpPrimitives.NullSize;
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
        s.Size += PhpPrimitives.SizeOfString(length);
        return true;
    }

    private static bool MeasureArray(PhpArray array, ref MeasureState s, int recursion, int openNonEmpty)
    {
        int count = array.Count;
        s.Size += PhpPrimitives.SizeOfArrayHeader(count) + PhpPrimitives.EndSize;
        if (count == 0) return true;
        if (!Enter(ref s, ref recursion, ref openNonEmpty)) return false;
        foreach (ref readonly var entry in array.EntrySpan)
        {
            if (!MeasureKey(entry.Key, ref s) || !MeasureValue(entry.Value, ref s, recursion, openNonEmpty) || s.Size > s.Limit) return false;
        }
        return true;
    }

    private static bool MeasureObject(PhpObject obj, ref MeasureState s, int recursion, int openNonEmpty)
    {
        if (!s.Objects.Add(obj)) return false;
        ReadOnlySpan<byte> className = obj.ClassNameBytes;
        if (className.Length > s.MaxStringLength || PhpFormat.FirstInvalidClassNameByte(className) >= 0) return false;
        int count = obj.Count;
        s.Size += PhpPrimitives.SizeOfObjectHeader(className.Length, count) + PhpPrimitives.EndSize;
        if (count == 0) return true;
        if (!Enter(ref s, ref recursion, ref openNonEmpty)) return false;
        for (int i = 0; i < count; i++)
        {
            ref readonly var property = ref obj.EntryAt(i);
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
            s.Size += PhpPrimitives.SizeOfInt(key.IntValue);
            return true;
        }
        return AddString(key.StringBytes.Length, ref s);
    }

    private static HashSet<object> RentObjectSet()
    {
        HashSet<object>? set = t_objectSet;
        if (set is null) return new HashSet<object>(ReferenceEqualityComparer.Instance);
        t_objectSet = null;
        return set;
    }

    private static void ReturnObjectSet(HashSet<object> set)
    {
        if (set.Count > MaxRetainedObjectSet) return; // Clear() keeps the capacity: do not keep big sets
        set.Clear(); // do not keep the caller's objects alive
        t_objectSet = set;
    }

    // ---- writing ----

    internal ref partial struct SpanWriter(Span<byte> destination, PhpSerializerOptions options)
    {
        private readonly Span<byte> _dst = destination;
        private readonly int _maxDepth = options.MaxDepth;
        private readonly int _maxStringLength = options.MaxStringLength;
        private int _pos;
        public ObjectTracker Objects;
        public WriteStatus Status;

        public readonly int Position => _pos;

        internal bool Fail(WriteStatus status)
        {
            Status = status;
            return false;
        }

        public bool WriteValue(PhpValue value, int recursion, int openNonEmpty)
        {
            switch (value)
            {
                case PhpString str:
                    return WriteString(str.Span);
                case PhpInt i:
                    return WriteInt(i.Value);
                case PhpArray a:
                    return WriteArray(a, recursion, openNonEmpty);
                case PhpFloat f:
                    return WriteFloat(f.Value);
                case PhpBool b:
                    return WriteBool(b.Value);
                case PhpNull:
                    return WriteNull();
                case PhpObject o:
                    return WriteObject(o, recursion, openNonEmpty);
                default:
                    return Fail(WriteStatus.NotHandled); // references, enum cases, C: objects, unknown kinds
            }
        }

        // A non-empty container opens: PHP's depth limit (as PhpSerializedWriter.Push) and our recursion cap.
        private readonly bool CanEnter(int recursion, int openNonEmpty)
            => (_maxDepth <= 0 || openNonEmpty < _maxDepth) && recursion < MaxRecursion;

        private bool WriteArray(PhpArray array, int recursion, int openNonEmpty)
        {
            ReadOnlySpan<KeyValuePair<PhpArrayKey, PhpValue>> entries = array.EntrySpan;
            int count = entries.Length;
            if (!WriteArrayHeader(count, recursion, openNonEmpty)) return false;
            recursion++;
            openNonEmpty++;
            foreach (ref readonly var entry in entries)
            {
                if (!WriteKey(entry.Key) || !WriteValue(entry.Value, recursion, openNonEmpty)) return false;
            }
            return WriteClose();
        }

        private bool WriteObject(PhpObject obj, int recursion, int openNonEmpty)
        {
            if (!Objects.Add(obj)) return Fail(WriteStatus.NotHandled);
            int count = obj.Count;
            if (!WriteObjectHeader(obj.ClassNameBytes, count, recursion, openNonEmpty)) return false;
            recursion++;
            openNonEmpty++;
            for (int i = 0; i < count; i++)
            {
                ref readonly var property = ref obj.EntryAt(i);
                if (!WriteKey(property.Key) || !WriteValue(property.Value, recursion, openNonEmpty)) return false;
            }
            return WriteClose();
        }

        /// <summary><c>a:count:{</c>, after the depth check (a count of 0 opens nothing for the depth limit).</summary>
        internal bool WriteArrayHeader(int count, int recursion, int openNonEmpty)
        {
            if (count > 0 && !CanEnter(recursion, openNonEmpty)) return Fail(WriteStatus.NotHandled);
            if ((uint)count < 100)
            {
                if (count < 10)
                {
                    ref byte t = ref Take(5);
                    if (Unsafe.IsNullRef(ref t)) return false;
                    Store32(ref t, 'a' | ':' << 8 | ('0' + count) << 16 | ':' << 24);
                    Unsafe.Add(ref t, 4) = (byte)'{';
                }
                else
                {
                    ref byte t = ref Take(6);
                    if (Unsafe.IsNullRef(ref t)) return false;
                    Store32(ref t, 'a' | ':' << 8 | TwoDigits(count) << 16);
                    Store16(ref Unsafe.Add(ref t, 4), ':' | '{' << 8);
                }
                return true;
            }
            return Advance(PhpPrimitives.TryWriteArrayHeader(_dst[_pos..], count, out int n), n);
        }

        /// <summary><c>O:len:"Class":count:{</c>, after the class-name and depth checks (a count of 0 opens nothing for the depth limit).</summary>
        internal bool WriteObjectHeader(ReadOnlySpan<byte> className, int count, int recursion, int openNonEmpty)
        {
            if (PhpFormat.FirstInvalidClassNameByte(className) >= 0 || className.Length > _maxStringLength) return Fail(WriteStatus.NotHandled);
            if (count > 0 && !CanEnter(recursion, openNonEmpty)) return Fail(WriteStatus.NotHandled);
            int length = className.Length;
            if (length < 100 && (uint)count < 100)
            {
                ref byte t = ref Take(length + (length < 10 ? 10 : 11) + (count < 10 ? 0 : 1));
                if (Unsafe.IsNullRef(ref t)) return false;
                Store16(ref t, 'O' | ':' << 8);
                int at = 2 + PutBelow100(ref Unsafe.Add(ref t, 2), length);
                Store16(ref Unsafe.Add(ref t, at), ':' | '"' << 8);
                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref t, at + 2), ref MemoryMarshal.GetReference(className), (uint)length);
                at += length + 2;
                Store16(ref Unsafe.Add(ref t, at), '"' | ':' << 8);
                at += 2 + PutBelow100(ref Unsafe.Add(ref t, at + 2), count);
                Store16(ref Unsafe.Add(ref t, at), ':' | '{' << 8);
                return true;
            }
            return Advance(PhpPrimitives.TryWriteObjectHeader(_dst[_pos..], className, count, out int n), n);
        }

        /// <summary><c>b:0;</c> or <c>b:1;</c></summary>
        internal bool WriteBool(bool value)
        {
            ref byte t = ref Take(4);
            if (Unsafe.IsNullRef(ref t)) return false;
            Store32(ref t, 'b' | ':' << 8 | (value ? '1' : '0') << 16 | ';' << 24);
            return true;
        }

        /// <summary><c>N;</c></summary>
        internal bool WriteNull()
        {
            ref byte t = ref Take(2);
            if (Unsafe.IsNullRef(ref t)) return false;
            Store16(ref t, 'N' | ';' << 8);
            return true;
        }

        /// <summary><c>}</c></summary>
        internal bool WriteClose()
        {
            ref byte t = ref Take(1);
            if (Unsafe.IsNullRef(ref t)) return false;
            t = (byte)'}';
            return true;
        }

        /// <summary>An array key or property name.</summary>
        internal bool WriteKey(PhpArrayKey key) => key.IsInt ? WriteInt(key.IntValue) : WriteString(key.StringBytes);

        /// <summary><c>s:len:"bytes";</c></summary>
        internal bool WriteString(ReadOnlySpan<byte> bytes)
        {
            int length = bytes.Length;
            if (length < 100 && length <= _maxStringLength)
            {
                ref byte t = ref Take(length + (length < 10 ? 7 : 8));
                if (Unsafe.IsNullRef(ref t)) return false;
                if (length < 10)
                {
                    Store32(ref t, 's' | ':' << 8 | ('0' + length) << 16 | ':' << 24);
                    Unsafe.Add(ref t, 4) = (byte)'"';
                    t = ref Unsafe.Add(ref t, 5);
                }
                else
                {
                    Store32(ref t, 's' | ':' << 8 | TwoDigits(length) << 16);
                    Store16(ref Unsafe.Add(ref t, 4), ':' | '"' << 8);
                    t = ref Unsafe.Add(ref t, 6);
                }
                Unsafe.CopyBlockUnaligned(ref t, ref MemoryMarshal.GetReference(bytes), (uint)length);
                Store16(ref Unsafe.Add(ref t, length), '"' | ';' << 8);
                return true;
            }
            if (!TryWriteStringFrame(length, out Span<byte> body)) return false;
            bytes.CopyTo(body);
            return true;
        }

        /// <summary>
        /// Writes <c>s:len:"</c> and <c>";</c> around room for <paramref name="length"/> bytes and
        /// returns that room, which the caller must fill.
        /// </summary>
        internal bool TryWriteStringFrame(int length, out Span<byte> body)
        {
            body = default;
            if (length > _maxStringLength) return Fail(WriteStatus.NotHandled);
            return Advance(PhpPrimitives.TryWriteStringFrame(_dst[_pos..], length, out int n, out body), n);
        }

        /// <summary><c>i:n;</c></summary>
        internal bool WriteInt(long value)
        {
            if ((ulong)value < 100)
            {
                int small = (int)value;
                if (small < 10)
                {
                    ref byte t = ref Take(4);
                    if (Unsafe.IsNullRef(ref t)) return false;
                    Store32(ref t, 'i' | ':' << 8 | ('0' + small) << 16 | ';' << 24);
                }
                else
                {
                    ref byte t = ref Take(5);
                    if (Unsafe.IsNullRef(ref t)) return false;
                    Store32(ref t, 'i' | ':' << 8 | TwoDigits(small) << 16);
                    Unsafe.Add(ref t, 4) = (byte)';';
                }
                return true;
            }
            return Advance(PhpPrimitives.TryWriteInt(_dst[_pos..], value, out int n), n);
        }

        /// <summary><c>d:x;</c></summary>
        internal bool WriteFloat(double value) => Advance(PhpPrimitives.TryWriteFloat(_dst[_pos..], value, out int n), n);

        // The short tokens -- null, bools, closing braces, and strings, ints, counts and object
        // headers with numbers below 100 (the lengths of most strings, keys and class names, most
        // int keys and counts) -- are written here
        // whole: one room check, then their fixed bytes as little-endian words and their one or
        // two digits, without the general digit loop, its calls and a bounds check per byte.

        // Takes the next size bytes of the destination and returns a reference to the first, or
        // a null reference (status TooSmall) when fewer are left. The caller writes exactly those
        // size bytes, no more: the one room check is what keeps every write inside the span.
        private ref byte Take(int size)
        {
            int p = _pos;
            if (size > _dst.Length - p)
            {
                Status = WriteStatus.TooSmall;
                return ref Unsafe.NullRef<byte>();
            }
            _pos = p + size;
            return ref Unsafe.Add(ref MemoryMarshal.GetReference(_dst), (nint)(uint)p);
        }

        // The one or two digits of 0 <= value < 100 at 'at'; returns how many.
        private static int PutBelow100(ref byte at, int value)
        {
            if (value < 10)
            {
                at = (byte)('0' + value);
                return 1;
            }
            Store16(ref at, TwoDigits(value));
            return 2;
        }

        // 10 <= value < 100 as two ASCII digits, the tens in the low byte.
        private static int TwoDigits(int value)
        {
            int tens = (value * 205) >> 11; // value / 10, exact for 0..1028
            return ('0' + tens) | ('0' + value - tens * 10) << 8;
        }

        // The low 16 or 32 bits of littleEndian, its lowest byte first, at 'at'.
        private static void Store16(ref byte at, int littleEndian)
        {
            ushort v = (ushort)littleEndian;
            Unsafe.WriteUnaligned(ref at, BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v));
        }

        private static void Store32(ref byte at, int littleEndian)
        {
            uint v = (uint)littleEndian;
            Unsafe.WriteUnaligned(ref at, BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v));
        }

        private bool Advance(bool written, int count)
        {
            if (!written) return Fail(WriteStatus.TooSmall);
            _pos += count;
            return true;
        }
    }
}
