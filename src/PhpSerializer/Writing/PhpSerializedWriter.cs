using System.Buffers;
using System.Text;

namespace PhpSerializer;

/// <summary>
/// Writes PHP <c>serialize()</c> tokens to an <see cref="IBufferWriter{T}"/>, in the style of
/// <c>Utf8JsonWriter</c>. Inside an array or object, calls alternate key
/// (<see cref="WriteInt"/>/<see cref="WriteString(ReadOnlySpan{byte})"/>/<see cref="WriteKey"/>)
/// and value; the declared element count is enforced. The writer does no reference numbering:
/// callers that write <c>r:</c>/<c>R:</c> pass PHP's numbers (see <see cref="PhpSerialization"/>
/// for whole value trees, which numbers them for you).
/// </summary>
public sealed class PhpSerializedWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly PhpSerializerOptions _options;
    private long _written;
    private Frame[] _frames = [];
    private int _frameCount;
    private int _depth;
    private bool _rootWritten;

    private struct Frame
    {
        public long Remaining;
        public bool IsObject;
        public bool ExpectKey;
        public bool NonEmpty;
    }

    /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
    public PhpSerializedWriter(IBufferWriter<byte> output, PhpSerializerOptions? options = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _options = options ?? PhpSerializerOptions.Default;
    }

    /// <summary>Total bytes written.</summary>
    public long BytesWritten => _written;

    /// <summary>Nesting of non-empty arrays/objects currently open.</summary>
    public int CurrentDepth => _depth;

    /// <summary>True when one complete root value has been written.</summary>
    public bool IsComplete => _rootWritten && _frameCount == 0;

    /// <summary>No buffering is done; provided for symmetry with Utf8JsonWriter.</summary>
    public void Flush() { }

    /// <summary>Writes <c>N;</c>.</summary>
    public void WriteNull()
    {
        BeginValue();
        PhpPrimitives.TryWriteNull(Reserve(PhpPrimitives.NullSize), out int n);
        Commit(n);
    }

    /// <summary>Writes <c>b:0;</c> or <c>b:1;</c>.</summary>
    public void WriteBool(bool value)
    {
        BeginValue();
        PhpPrimitives.TryWriteBool(Reserve(PhpPrimitives.BoolSize), value, out int n);
        Commit(n);
    }

    /// <summary>Writes <c>i:n;</c> (as a value, or as an array key in key position).</summary>
    public void WriteInt(long value)
    {
        BeginValueOrKey();
        PhpPrimitives.TryWriteInt(Reserve(PhpPrimitives.MaxIntSize), value, out int n);
        Commit(n);
    }

    /// <summary>Writes <c>d:...;</c> with PHP's float layout.</summary>
    public void WriteFloat(double value)
    {
        BeginValue();
        PhpPrimitives.TryWriteFloat(Reserve(PhpPrimitives.MaxFloatSize), value, out int n);
        Commit(n);
    }

    /// <summary>Writes <c>s:n:"bytes";</c> (as a value, or as a key/property name in key position).</summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        CheckLength(value.Length); // before the state changes: a refused string leaves the writer as it was
        BeginValueOrKey();
        WriteStringToken(value);
    }

    /// <summary>Writes the UTF-8 bytes of <paramref name="value"/> as a PHP string.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Count first, then transcode straight into the output, inside the token's one reservation.
        int length = Encoding.UTF8.GetByteCount(value);
        CheckLength(length);
        BeginValueOrKey();
        PhpPrimitives.TryWriteStringFrame(Reserve((int)PhpPrimitives.SizeOfString(length)), length, out int n, out Span<byte> body);
        Encoding.UTF8.GetBytes(value, body);
        Commit(n);
    }

    /// <summary>Writes an array key or property key (<c>i:n;</c> or <c>s:n:"...";</c>).</summary>
    public void WriteKey(PhpArrayKey key)
    {
        BeginKey();
        if (key.IsInt)
        {
            PhpPrimitives.TryWriteInt(Reserve(PhpPrimitives.MaxIntSize), key.IntValue, out int n);
            Commit(n);
        }
        else WriteStringToken(key.StringBytes);
    }

    /// <summary>Writes <c>a:count:{</c>; exactly <paramref name="count"/> key/value pairs must follow, then <see cref="WriteEndArray"/>.</summary>
    public void WriteStartArray(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        BeginValue();
        PhpPrimitives.TryWriteArrayHeader(Reserve(PhpPrimitives.SizeOfArrayHeader(count)), count, out int n);
        Commit(n);
        Push(count, isObject: false);
    }

    /// <summary>Writes the <c>}</c> closing an array.</summary>
    public void WriteEndArray() => End(isObject: false);

    /// <summary>Writes <c>O:n:"Class":count:{</c>; exactly <paramref name="count"/> property name/value pairs must follow, then <see cref="WriteEndObject"/>.</summary>
    public void WriteStartObject(ReadOnlySpan<byte> className, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckClassName(className);
        BeginValue();
        PhpPrimitives.TryWriteObjectHeader(Reserve(PhpPrimitives.SizeOfObjectHeader(className.Length, count)), className, count, out int n);
        Commit(n);
        Push(count, isObject: true);
    }

    /// <summary>Writes <c>O:n:"Class":count:{</c> for a UTF-8 class name.</summary>
    public void WriteStartObject(string className, int count) => WriteStartObject(Encoding.UTF8.GetBytes(className ?? throw new ArgumentNullException(nameof(className))), count);

    /// <summary>Writes the <c>}</c> closing an object.</summary>
    public void WriteEndObject() => End(isObject: true);

    /// <summary>Writes <c>E:n:"Class:Case";</c> from the serialized <c>Class:Case</c> bytes.</summary>
    public void WriteEnumCase(ReadOnlySpan<byte> classColonCase)
    {
        int colon = classColonCase.IndexOf((byte)':');
        if (colon <= 0 || colon == classColonCase.Length - 1) throw new ArgumentException("Enum case must be 'Class:Case'.", nameof(classColonCase));
        CheckLength(classColonCase.Length);
        BeginValue();
        PhpPrimitives.TryWriteEnumCase(Reserve((int)PhpPrimitives.SizeOfString(classColonCase.Length)), classColonCase, out int n);
        Commit(n);
    }

    /// <summary>Writes <c>E:n:"Class:Case";</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="className"/> or <paramref name="caseName"/> is null.</exception>
    public void WriteEnumCase(string className, string caseName)
    {
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(caseName);
        WriteEnumCase(Encoding.UTF8.GetBytes(className + ":" + caseName));
    }

    /// <summary>Writes <c>C:n:"Class":m:{payload}</c> with the raw payload bytes.</summary>
    public void WriteSerializable(ReadOnlySpan<byte> className, ReadOnlySpan<byte> payload)
    {
        CheckClassName(className);
        CheckLength(payload.Length);
        BeginValue();
        PhpPrimitives.TryWriteSerializableHeader(Reserve(PhpPrimitives.SizeOfObjectHeader(className.Length, payload.Length)), className, payload.Length, out int n);
        Commit(n);
        Append(payload);
        PhpPrimitives.TryWriteEnd(Reserve(PhpPrimitives.EndSize), out n);
        Commit(n);
    }

    /// <summary>Writes <c>r:n;</c>: the object numbered <paramref name="slot"/> again.</summary>
    public void WriteObjectReference(long slot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, 1);
        BeginValue();
        PhpPrimitives.TryWriteObjectReference(Reserve(PhpPrimitives.MaxIntSize), slot, out int n);
        Commit(n);
    }

    /// <summary>Writes <c>R:n;</c>: a PHP reference to the value numbered <paramref name="slot"/>.</summary>
    public void WriteValueReference(long slot)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, 1);
        BeginValue();
        PhpPrimitives.TryWriteValueReference(Reserve(PhpPrimitives.MaxIntSize), slot, out int n);
        Commit(n);
    }

    /// <summary>Writes a scalar, string or enum case value; false (nothing written) for containers, references and <c>C:</c> objects.</summary>
    internal bool TryWriteScalar(PhpValue value)
    {
        switch (value)
        {
            case PhpString s:
                WriteString(s.Span);
                return true;
            case PhpEnumCase e:
                WriteEnumCase(e.SerializedName);
                return true;
            case not (PhpNull or PhpBool or PhpInt or PhpFloat):
                return false;
        }
        BeginValue();
        Span<byte> span = Reserve(PhpPrimitives.MaxFloatSize); // the largest of these tokens
        int n = 0;
        _ = value switch
        {
            PhpBool b => PhpPrimitives.TryWriteBool(span, b.Value, out n),
            PhpInt i => PhpPrimitives.TryWriteInt(span, i.Value, out n),
            PhpFloat f => PhpPrimitives.TryWriteFloat(span, f.Value, out n),
            _ => PhpPrimitives.TryWriteNull(span, out n),
        };
        Commit(n);
        return true;
    }

    private void CheckClassName(ReadOnlySpan<byte> className)
    {
        int bad = PhpFormat.FirstInvalidClassNameByte(className);
        if (bad >= 0) throw new PhpSerializationException($"Class name '{PhpValueDumper.EscapeBytes(className)}' is not one PHP accepts (byte {bad})", _written);
        CheckLength(className.Length);
    }

    private void CheckLength(int length)
    {
        if (length > _options.MaxStringLength) throw new PhpSerializationException($"String length {length} exceeds MaxStringLength {_options.MaxStringLength}", _written);
    }

    private void BeginValue()
    {
        if (_frameCount == 0)
        {
            if (_rootWritten) throw new InvalidOperationException("A complete value has already been written.");
            _rootWritten = true;
            return;
        }
        ref Frame top = ref _frames[_frameCount - 1];
        if (top.ExpectKey) throw new InvalidOperationException("A key is expected here, not a value.");
        top.ExpectKey = true;
        top.Remaining--;
    }

    private void BeginKey()
    {
        if (_frameCount == 0) throw new InvalidOperationException("Keys can only be written inside an array or object.");
        ref Frame top = ref _frames[_frameCount - 1];
        if (!top.ExpectKey) throw new InvalidOperationException("A value is expected here, not a key.");
        if (top.Remaining == 0) throw new InvalidOperationException("More elements than the declared count.");
        top.ExpectKey = false;
    }

    private void BeginValueOrKey()
    {
        if (_frameCount > 0 && _frames[_frameCount - 1].ExpectKey) BeginKey();
        else BeginValue();
    }

    private void Push(int count, bool isObject)
    {
        bool nonEmpty = count > 0;
        if (nonEmpty)
        {
            int max = _options.MaxDepth;
            if (max > 0 && _depth >= max) throw new PhpSerializationException($"Maximum depth of {max} exceeded", _written);
            _depth++;
        }
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, Math.Max(4, _frames.Length * 2)); // none allocated for a scalar root
        _frames[_frameCount++] = new Frame { Remaining = count, IsObject = isObject, ExpectKey = true, NonEmpty = nonEmpty };
    }

    private void End(bool isObject)
    {
        if (_frameCount == 0) throw new InvalidOperationException("No open array or object.");
        ref Frame top = ref _frames[_frameCount - 1];
        if (top.IsObject != isObject) throw new InvalidOperationException(isObject ? "The open container is an array." : "The open container is an object.");
        if (!top.ExpectKey || top.Remaining != 0) throw new InvalidOperationException($"{top.Remaining} declared element(s) were not written.");
        if (top.NonEmpty) _depth--;
        _frameCount--;
        PhpPrimitives.TryWriteEnd(Reserve(PhpPrimitives.EndSize), out int n);
        Commit(n);
    }

    // s:len:"bytes";  Large bodies go header, body and end separately, so the output is not asked
    // for one huge span.
    private void WriteStringToken(ReadOnlySpan<byte> bytes)
    {
        int length = bytes.Length;
        CheckLength(length);
        if (length > MaxSingleReservation)
        {
            PhpPrimitives.TryWriteStringHeader(Reserve(PhpPrimitives.SizeOfStringHeader(length)), length, out int head);
            Commit(head);
            Append(bytes);
            Append(PhpPrimitives.StringEnd);
            return;
        }
        PhpPrimitives.TryWriteString(Reserve((int)PhpPrimitives.SizeOfString(length)), bytes, out int n);
        Commit(n);
    }

    private const int MaxSingleReservation = 64 * 1024;

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        CheckOutput(bytes.Length);
        Span<byte> span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
        _written += bytes.Length;
    }

    // No limit check here: every Commit/Append checks, so _written never exceeds the limit between calls.
    private Span<byte> Reserve(int size) => _output.GetSpan(size);

    private void Commit(int count)
    {
        CheckOutput(count);
        _output.Advance(count);
        _written += count;
    }

    private void CheckOutput(int adding)
    {
        if (_written + adding > _options.MaxOutputBytes)
            throw new PhpSerializationException($"Output exceeds MaxOutputBytes {_options.MaxOutputBytes}", _written);
    }
}
