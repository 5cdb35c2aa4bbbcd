using System.Buffers;
using System.Runtime.CompilerServices;

namespace PhpSerializer;

/// <summary>
/// A forward-only, allocation-light reader of PHP <c>serialize()</c> bytes, in the style of
/// <c>Utf8JsonReader</c>: call <see cref="Read"/> until it returns false; each call moves to the
/// next token (<see cref="TokenType"/>). It accepts exactly the grammar PHP 8.2's
/// <c>unserialize()</c> accepts (including its lenient forms) and throws
/// <see cref="PhpSerializationException"/> with the byte offset otherwise. It never recurses and
/// checks every length and count against the remaining input before anyone allocates.
/// It also keeps PHP's value numbering: <see cref="SlotNumber"/> is the number <c>r:</c>/<c>R:</c>
/// use for the current value.
/// </summary>
public ref struct PhpSerializedReader
{
    private const int MaxPayloadNesting = 64;

    private readonly ReadOnlySpan<byte> _data;
    private readonly PhpSerializerOptions _options;
    private readonly bool _countingOnly;
    private readonly int _payloadNesting;
    private int _pos;
    private Frame[]? _frames;
    private int _frameCount;
    private int _depth;
    private bool _rootStarted;
    private bool _finished;
    private long _slotCount;

    private PhpTokenType _token;
    private int _tokenStart;
    private int _valueStart;
    private int _valueLength;
    private int _classStart;
    private int _classLength;
    private bool _escaped;
    private long _long;
    private double _double;
    private long _slot;
    private long _payloadSlots;

    private struct Frame
    {
        public long Remaining;
        public bool IsObject;
        public bool ExpectKey;
        public bool IsNonEmpty;
    }

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public PhpSerializedReader(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
        : this(data, options ?? PhpSerializerOptions.Default, countingOnly: false, payloadNesting: 0) { }

    /// <summary>Creates a reader over a sequence (copied once into one buffer when it has several segments).</summary>
    public PhpSerializedReader(ReadOnlySequence<byte> data, PhpSerializerOptions? options = null)
        : this(data.IsSingleSegment ? data.FirstSpan : data.ToArray(), options) { }

    private PhpSerializedReader(ReadOnlySpan<byte> data, PhpSerializerOptions options, bool countingOnly, int payloadNesting)
    {
        _data = data;
        _options = options;
        _countingOnly = countingOnly;
        _payloadNesting = payloadNesting;
        _token = PhpTokenType.None;
    }

    /// <summary>The current token.</summary>
    public readonly PhpTokenType TokenType => _token;

    /// <summary>Byte offset where the current token starts.</summary>
    public readonly int TokenStartIndex => _tokenStart;

    /// <summary>Bytes consumed so far (the offset just after the current token).</summary>
    public readonly int BytesConsumed => _pos;

    /// <summary>Nesting of non-empty arrays/objects the reader is inside (what the depth limit counts).</summary>
    public readonly int CurrentDepth => _depth;

    /// <summary>True once the root value is complete.</summary>
    public readonly bool IsFinished => _finished;

    /// <summary>
    /// PHP's number for the current value (1 = the root), as used by <c>r:n;</c> and <c>R:n;</c>;
    /// 0 for tokens that take no number (keys, <c>R:</c>, end tokens).
    /// </summary>
    public readonly long SlotNumber => _slot;

    /// <summary>How many values have been numbered so far (including those inside <c>C:</c> payloads).</summary>
    public readonly long SlotCount => _slotCount;

    /// <summary>
    /// For a <see cref="PhpTokenType.Serializable"/> token: how many numbers the payload's values
    /// take (when the payload is itself serialize() output, as PHP's nested unserialize() would number them), else 0.
    /// </summary>
    public readonly long PayloadSlotCount => _token == PhpTokenType.Serializable ? _payloadSlots : 0;

    /// <summary>
    /// Raw bytes of the current String/StringKey (escaped form for legacy <c>S:</c>; use
    /// <see cref="GetBytes"/>), EnumCase (<c>Class:Case</c>) or Serializable (payload) token.
    /// </summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _data.Slice(_valueStart, _valueLength);

    /// <summary>True when the current string came from a legacy escaped <c>S:</c> form.</summary>
    public readonly bool ValueIsEscaped => _escaped;

    /// <summary>Class name of the current StartObject or Serializable token.</summary>
    public readonly ReadOnlySpan<byte> ClassNameSpan => _data.Slice(_classStart, _classLength);

    /// <summary>Element count of the current StartArray/StartObject token.</summary>
    public readonly int ElementCount => _token is PhpTokenType.StartArray or PhpTokenType.StartObject ? (int)_long : throw WrongToken("ElementCount");

    /// <summary>The slot number referred to by the current ObjectReference/ValueReference token.</summary>
    public readonly long ReferenceId => _token is PhpTokenType.ObjectReference or PhpTokenType.ValueReference ? _long : throw WrongToken("ReferenceId");

    /// <summary>Value of the current Int/IntKey token.</summary>
    public readonly long GetInt64() => _token is PhpTokenType.Int or PhpTokenType.IntKey ? _long : throw WrongToken("GetInt64");

    /// <summary>Value of the current Float token.</summary>
    public readonly double GetDouble() => _token == PhpTokenType.Float ? _double : throw WrongToken("GetDouble");

    /// <summary>Value of the current Bool token.</summary>
    public readonly bool GetBoolean() => _token == PhpTokenType.Bool ? _long != 0 : throw WrongToken("GetBoolean");

    /// <summary>Bytes of the current String/StringKey token (decoded for <c>S:</c>).</summary>
    public readonly byte[] GetBytes()
    {
        if (_token is not (PhpTokenType.String or PhpTokenType.StringKey)) throw WrongToken("GetBytes");
        if (!_escaped)
        {
            // Not zeroed first: every byte is overwritten by the copy (memset was 15 % of unserialize strings).
            ReadOnlySpan<byte> raw = ValueSpan;
            if (raw.IsEmpty) return [];
            byte[] copy = GC.AllocateUninitializedArray<byte>(raw.Length);
            raw.CopyTo(copy);
            return copy;
        }
        var result = GC.AllocateUninitializedArray<byte>((int)_long);
        CopyUnescaped(ValueSpan, result);
        return result;
    }

    /// <summary>Decoded length of the current String/StringKey token.</summary>
    public readonly int StringLength => _token is PhpTokenType.String or PhpTokenType.StringKey ? (_escaped ? (int)_long : _valueLength) : throw WrongToken("StringLength");

    /// <summary>Copies the bytes of the current String/StringKey token (decoded for <c>S:</c>) into <paramref name="destination"/>; returns the count.</summary>
    public readonly int CopyString(Span<byte> destination)
    {
        if (_token is not (PhpTokenType.String or PhpTokenType.StringKey)) throw WrongToken("CopyString");
        if (!_escaped)
        {
            ValueSpan.CopyTo(destination);
            return _valueLength;
        }
        CopyUnescaped(ValueSpan, destination);
        return (int)_long;
    }

    /// <summary>Moves to the next token; false once the root value is complete.</summary>
    /// <exception cref="PhpSerializationException">Malformed input or a limit exceeded.</exception>
    public bool Read()
    {
        if (_finished) return false;
        _slot = 0;
        _escaped = false;
        _tokenStart = _pos;
        if (_frameCount == 0)
        {
            if (_rootStarted)
            {
                _finished = true;
                return false;
            }
            _rootStarted = true;
            ReadValue();
            if (_frameCount == 0) _finished = true;
            return true;
        }

        ref Frame top = ref _frames![_frameCount - 1];
        if (top.ExpectKey)
        {
            if (top.Remaining == 0)
            {
                if (_pos >= _data.Length) throw Error("Unexpected end of data: expected '}'", _pos);
                if (_data[_pos] != (byte)'}') throw Error($"Expected '}}' after the last element, found '{Show(_data[_pos])}'", _pos);
                _pos++;
                _token = top.IsObject ? PhpTokenType.EndObject : PhpTokenType.EndArray;
                if (top.IsNonEmpty) _depth--;
                _frameCount--;
                if (_frameCount == 0) _finished = true;
                return true;
            }
            ReadKey();
            top = ref _frames![_frameCount - 1];
            top.ExpectKey = false;
            return true;
        }
        top.ExpectKey = true;
        top.Remaining--;
        ReadValue();
        return true;
    }

    /// <summary>Skips the children of the current StartArray/StartObject token (moving to its end token); does nothing for other tokens.</summary>
    public void Skip()
    {
        if (_token is not (PhpTokenType.StartArray or PhpTokenType.StartObject)) return;
        int target = _frameCount - 1;
        while (Read() && _frameCount > target) { }
    }

    private readonly PhpSerializationException WrongToken(string what) => new($"{what} is not valid for token {_token}", _tokenStart);

    private static PhpSerializationException Error(string message, int offset) => new(message, offset);

    private static string Show(byte b) => b >= 0x20 && b < 0x7F ? ((char)b).ToString() : $"\\x{b:x2}";

    // Where PHP reports an error (its unserialize() cursor when it gives up), which the
    // exceptions' offsets follow so that both name the same byte:
    // - a token that does not match the grammar at all: the token's first byte;
    // - s:/S:/O:/C:/E: whose length runs past the input (or a zero class name length): the
    //   length's first digit; a missing closing quote or the byte after it: that byte;
    // - r:/R: that are well formed but point nowhere acceptable: just after the ';';
    // - a: and O: counts that the input cannot hold, and nesting too deep: just after the '{';
    // - a missing '}' after the last element: where the '}' should be;
    // - a key that is a well-formed value of the wrong kind (N; b: d: a: r: R:): just after
    //   it (after the '{' for a:), as PHP parses it before checking its kind.

    private void ReadKey()
    {
        if (_pos >= _data.Length) throw Error("Unexpected end of data: expected an array key", _pos);
        byte c = _data[_pos];
        if (c == (byte)'i') _token = ReadIntBody(PhpTokenType.IntKey);
        else if (c == (byte)'s') _token = ReadStringBody(PhpTokenType.StringKey);
        else if (c == (byte)'S') _token = ReadEscapedStringBody(PhpTokenType.StringKey);
        else
        {
            // A well-formed value of another kind is read first and reported after its end.
            string message = $"Array keys and property names must be 'i:' or 's:', found '{Show(c)}'";
            _ = c switch
            {
                (byte)'N' => ReadNull(),
                (byte)'b' => ReadBoolBody(),
                (byte)'d' => ReadDoubleBody(),
                (byte)'a' => ReadArrayHeader(out _),
                (byte)'r' or (byte)'R' => ReadReferenceNumber(out _),
                _ => throw Error(message, _tokenStart),
            };
            throw Error(message, _pos);
        }
    }

    private void ReadValue()
    {
        if (_pos >= _data.Length) throw Error("Unexpected end of data: expected a value", _pos);
        byte c = _data[_pos];
        if (c != (byte)'R') _slot = ++_slotCount;
        _token = c switch
        {
            (byte)'N' => ReadNull(),
            (byte)'b' => ReadBoolBody(),
            (byte)'i' => ReadIntBody(PhpTokenType.Int),
            (byte)'d' => ReadDoubleBody(),
            (byte)'s' => ReadStringBody(PhpTokenType.String),
            (byte)'S' => ReadEscapedStringBody(PhpTokenType.String),
            (byte)'a' => ReadArrayStart(),
            (byte)'O' => ReadObjectStart(),
            (byte)'C' => ReadSerializable(),
            (byte)'E' => ReadEnum(),
            (byte)'r' or (byte)'R' => ReadReference(c == (byte)'r'),
            (byte)'}' => throw Error("Unexpected '}': fewer elements than the count says", _pos),
            _ => throw Error($"Unknown value type '{Show(c)}'", _pos),
        };
    }

    private PhpTokenType ReadNull()
    {
        if (_pos + 1 >= _data.Length || _data[_pos + 1] != (byte)';') throw Error("Expected 'N;'", _tokenStart);
        _pos += 2;
        return PhpTokenType.Null;
    }

    private PhpTokenType ReadBoolBody()
    {
        ExpectColon();
        if (_pos + 1 >= _data.Length || (_data[_pos] != (byte)'0' && _data[_pos] != (byte)'1') || _data[_pos + 1] != (byte)';')
            throw Error("A bool must be 'b:0;' or 'b:1;'", _tokenStart);
        _long = _data[_pos] - '0';
        _pos += 2;
        return PhpTokenType.Bool;
    }

    private void ExpectColon()
    {
        // at the type letter: require "X:"
        if (_pos + 1 >= _data.Length) throw Error("Unexpected end of data", _tokenStart);
        if (_data[_pos + 1] != (byte)':') throw Error($"Expected ':' after '{Show(_data[_pos])}'", _tokenStart);
        _pos += 2;
    }

    // A byte the token's grammar requires: when it is missing the token does not match at all.
    private void ExpectInToken(byte b, string what)
    {
        if (_pos >= _data.Length) throw Error($"Unexpected end of data: expected {what}", _tokenStart);
        if (_data[_pos] != b) throw Error($"Expected {what}, found '{Show(_data[_pos])}'", _tokenStart);
        _pos++;
    }

    // As ExpectInToken with "'b' after what", the message built only when the byte is wrong
    // (every string token passes here).
    private void ExpectInTokenAfter(byte b, string what)
    {
        if (_pos < _data.Length && _data[_pos] == b) _pos++;
        else ExpectInToken(b, $"'{(char)b}' after {what}");
    }

    // A byte checked after the token matched: a missing one is reported where it should be.
    private void Expect(byte b, string what)
    {
        if (_pos >= _data.Length) throw Error($"Unexpected end of data: expected {what}", _pos);
        if (_data[_pos] != b) throw Error($"Expected {what}, found '{Show(_data[_pos])}'", _pos);
        _pos++;
    }

    // PHP parse_uiv: one or more digits, no sign; wraps around like size_t.
    private ulong ParseUiv(string what)
    {
        int start = _pos;
        ulong result = 0;
        while (_pos < _data.Length && (uint)(_data[_pos] - '0') <= 9)
        {
            unchecked { result = result * 10 + (ulong)(_data[_pos] - '0'); }
            _pos++;
        }
        if (_pos == start)
        {
            if (_pos >= _data.Length) throw Error($"Unexpected end of data: expected {what}", _tokenStart);
            throw Error($"Expected digits for {what}, found '{Show(_data[_pos])}'", _tokenStart);
        }
        return result;
    }

    // PHP parse_iv2: optional sign, digits (possibly none when requireDigits is false);
    // out-of-range values clamp to long.MinValue/MaxValue like PHP ("Numerical result out of range").
    private long ParseIv(string what, bool requireDigits)
    {
        bool negative = false;
        if (_pos < _data.Length && (_data[_pos] == (byte)'-' || _data[_pos] == (byte)'+'))
        {
            negative = _data[_pos] == (byte)'-';
            _pos++;
        }
        int digitsStart = _pos;
        while (_pos < _data.Length && _data[_pos] == (byte)'0') _pos++;
        int start = _pos;
        ulong result = 0;
        while (_pos < _data.Length && (uint)(_data[_pos] - '0') <= 9)
        {
            if (_pos - start < 19) result = result * 10 + (ulong)(_data[_pos] - '0');
            _pos++;
        }
        if (requireDigits && _pos == digitsStart)
        {
            if (_pos >= _data.Length) throw Error($"Unexpected end of data: expected {what}", _tokenStart);
            throw Error($"Expected digits for {what}, found '{Show(_data[_pos])}'", _tokenStart);
        }
        if (_pos - start > 19 || result > (negative ? 9223372036854775808UL : (ulong)long.MaxValue))
            return negative ? long.MinValue : long.MaxValue;
        return negative ? unchecked(-(long)result) : (long)result;
    }

    private PhpTokenType ReadIntBody(PhpTokenType token)
    {
        ExpectColon();
        _long = ParseIv("an integer", requireDigits: true);
        ExpectInToken((byte)';', "';' after the integer");
        return token;
    }

    private PhpTokenType ReadDoubleBody()
    {
        ExpectColon();
        switch (PhpFloatText.Parse(_data, _pos, out _double, out int at))
        {
            case PhpFloatText.Result.Ok:
                _pos = at;
                return PhpTokenType.Float;
            case PhpFloatText.Result.NoExponentDigits:
                throw Error("Malformed float exponent", _tokenStart);
            case PhpFloatText.Result.EndOfData:
                throw Error("Unexpected end of data: expected ';' after the float", _tokenStart);
            case PhpFloatText.Result.NoSemicolon:
                throw Error($"Expected ';' after the float, found '{Show(_data[at])}'", _tokenStart);
            default:
                throw Error("Malformed float", _tokenStart);
        }
    }

    // len:"  (after "X:"): the length of a string, class name or enum name, checked against the
    // rest of the input. Returns it; _pos is then just after the opening quote.
    private int ReadQuotedLength(string what, bool allowEmpty)
    {
        int lenAt = _pos;
        ulong len = ParseUiv(what);
        ExpectInTokenAfter((byte)':', what);
        ExpectInTokenAfter((byte)'"', what);
        if (!allowEmpty && len == 0) throw Error($"Empty name ({what} 0)", lenAt);
        if (len > (ulong)(_data.Length - _pos)) throw Error($"{Capitalized(what)} {len} exceeds the remaining {_data.Length - _pos} bytes", lenAt);
        if (len > (ulong)_options.MaxStringLength) throw Error($"{Capitalized(what)} {len} exceeds MaxStringLength {_options.MaxStringLength}", lenAt);
        return (int)len;
    }

    private static string Capitalized(string what) => what.StartsWith("a ", StringComparison.Ordinal) ? char.ToUpperInvariant(what[2]) + what[3..] : what;

    // s:len:"bytes";
    private PhpTokenType ReadStringBody(PhpTokenType token)
    {
        ExpectColon();
        int len = ReadQuotedLength("a string length", allowEmpty: true);
        _valueStart = _pos;
        _valueLength = len;
        _pos += len;
        Expect((byte)'"', "'\"' after the string (wrong length?)");
        Expect((byte)';', "';' after the string");
        return token;
    }

    // S:len:"escaped"; where \XY (hex) is one byte and len counts decoded bytes.
    private PhpTokenType ReadEscapedStringBody(PhpTokenType token)
    {
        ExpectColon();
        int len = ReadQuotedLength("a string length", allowEmpty: true);
        int start = _pos;
        for (int n = 0; n < len; n++)
        {
            if (_pos >= _data.Length) throw Error("Unexpected end of data inside an S: string", _tokenStart);
            if (_data[_pos] == (byte)'\\')
            {
                if (_pos + 2 >= _data.Length) throw Error("Unexpected end of data inside an S: escape", _tokenStart);
                if (HexValue(_data[_pos + 1]) < 0 || HexValue(_data[_pos + 2]) < 0) throw Error("Invalid \\XY escape in an S: string", _tokenStart);
                _pos += 3;
            }
            else _pos++;
        }
        _valueStart = start;
        _valueLength = _pos - start;
        _long = len;
        _escaped = true;
        Expect((byte)'"', "'\"' after the string (wrong length?)");
        Expect((byte)';', "';' after the string");
        return token;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static void CopyUnescaped(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int o = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\')
            {
                destination[o++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else destination[o++] = raw[i];
        }
    }

    // PHP's check that a count is not fake: every element takes at least two bytes of what follows
    // (measured from countFrom), and the count is below its hash table limit.
    private void CheckCount(long count, int countFrom, int at)
    {
        if (count < 0) throw Error($"Negative element count {count}", at);
        long remaining = _data.Length - countFrom;
        if (count > remaining / PhpFormat.MinBytesPerClaimedElement || count >= PhpFormat.MaxHashTableSize)
            throw Error($"Element count {count} is more than the remaining {remaining} bytes can hold", at);
        if (count > _options.MaxElementCount) throw Error($"Element count {count} exceeds MaxElementCount {_options.MaxElementCount}", at);
    }


    // Opens a container frame. PHP checks the depth when it starts on the elements: for arrays
    // only when there are some, for objects always (an empty object at the limit fails too).
    private void PushFrame(long count, bool isObject)
    {
        bool counted = count > 0 || isObject;
        if (counted)
        {
            int max = _options.MaxDepth;
            if (max > 0 && _depth >= max) throw Error($"Maximum depth of {max} exceeded", _pos);
            _depth++;
        }
        _frames ??= new Frame[8];
        if (_frameCount == _frames.Length) Array.Resize(ref _frames, _frames.Length * 2);
        _frames[_frameCount++] = new Frame { Remaining = count, IsObject = isObject, ExpectKey = true, IsNonEmpty = counted };
        _long = count;
    }

    // a:count:{  the token alone (the count is digits, read like PHP's parse_iv: clamped).
    private PhpTokenType ReadArrayHeader(out long count)
    {
        ExpectColon();
        int at = _pos;
        ParseUiv("an array element count");
        _pos = at;
        count = ParseIv("an array element count", requireDigits: true);
        ExpectInToken((byte)':', "':' after the array count");
        ExpectInToken((byte)'{', "'{' to open the array");
        return PhpTokenType.StartArray;
    }

    private PhpTokenType ReadArrayStart()
    {
        ReadArrayHeader(out long count);
        CheckCount(count, _pos, _pos);
        PushFrame(count, isObject: false);
        return PhpTokenType.StartArray;
    }

    // len:"Class": (after "O:" or "C:"). Constant messages on the success path: this runs for
    // every object, so nothing is formatted unless it throws. Returns the offset of the closing
    // quote, where PHP measures the rest of the object from.
    private int ReadClassName()
    {
        ExpectColon();
        int len = ReadQuotedLength("a class name length", allowEmpty: false);
        _classStart = _pos;
        _classLength = len;
        _pos += len;
        int quote = _pos;
        Expect((byte)'"', "'\"' after the class name (wrong length?)");
        Expect((byte)':', "':' after the class name");
        int bad = PhpFormat.FirstInvalidClassNameByte(_data.Slice(_classStart, len));
        if (bad >= 0) throw Error($"Invalid character '{Show(_data[_classStart + bad])}' in class name", _tokenStart);
        return quote;
    }

    // O:len:"Class":count:{
    private PhpTokenType ReadObjectStart()
    {
        int quote = ReadClassName();
        // PHP needs at least the count's first byte after the quote and colon.
        if (quote >= _data.Length - 2) throw Error("Unexpected end of data: expected the property count", quote);
        long count = ParseIv("an object property count", requireDigits: false);
        if (count < 0) throw Error($"Negative element count {count}", _pos);
        CheckCount(count, quote, _pos);
        Expect((byte)':', "':' after the property count");
        Expect((byte)'{', "'{' to open the object");
        PushFrame(count, isObject: true);
        return PhpTokenType.StartObject;
    }

    // C:len:"Class":datalen:{payload}
    private PhpTokenType ReadSerializable()
    {
        ReadClassName();
        long len = ParseIv("a payload length", requireDigits: false);
        if (_data.Length - _pos < 2) throw Error("Unexpected end of data: expected ':{' before the payload", _pos);
        Expect((byte)':', "':' after the payload length");
        Expect((byte)'{', "'{' before the payload");
        if (len < 0 || len >= _data.Length - _pos) throw Error($"Payload length {len} does not fit in the remaining {_data.Length - _pos} bytes", _pos);
        if (len > _options.MaxStringLength) throw Error($"Payload length {len} exceeds MaxStringLength", _pos);
        _valueStart = _pos;
        _valueLength = (int)len;
        _pos += (int)len;
        Expect((byte)'}', "'}' after the payload (wrong length?)");
        _payloadSlots = CountPayloadSlots(_data.Slice(_valueStart, _valueLength), _options, _payloadNesting + 1);
        _slotCount += _payloadSlots;
        return PhpTokenType.Serializable;
    }

    /// <summary>
    /// How many values PHP numbers inside a <c>C:</c> payload: the payload's own value count
    /// when it is exactly one well-formed serialized value (what <c>unserialize($payload)</c>
    /// inside <c>Serializable::unserialize()</c> numbers), else 0.
    /// </summary>
    internal static long CountPayloadSlots(ReadOnlySpan<byte> payload, PhpSerializerOptions options, int nesting = 1)
    {
        if (payload.IsEmpty || nesting > MaxPayloadNesting) return 0;
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var inner = new PhpSerializedReader(payload, options, countingOnly: true, payloadNesting: nesting);
        try
        {
            while (inner.Read()) { }
        }
        catch (PhpSerializationException)
        {
            return 0;
        }
        return inner._pos == payload.Length ? inner._slotCount : 0;
    }

    // E:len:"Class:Case";
    private PhpTokenType ReadEnum()
    {
        ExpectColon();
        int len = ReadQuotedLength("an enum name length", allowEmpty: false);
        var text = _data.Slice(_pos, len);
        _valueStart = _pos;
        _valueLength = len;
        _pos += len;
        Expect((byte)'"', "'\"' after the enum name (wrong length?)");
        Expect((byte)';', "';' after the enum name");
        // PHP looks the enum up only now, and reports what it cannot use at the token's start.
        int colon = text.IndexOf((byte)':');
        if (colon < 0) throw Error("Invalid enum name (missing colon)", _tokenStart);
        if (colon == 0 || colon == text.Length - 1) throw Error("Invalid enum name (empty class or case)", _tokenStart);
        if (PhpFormat.FirstInvalidClassNameByte(text[..colon]) >= 0) throw Error("Invalid enum class name", _tokenStart);
        return PhpTokenType.EnumCase;
    }

    // r:n; / R:n;  the token alone
    private PhpTokenType ReadReferenceNumber(out ulong n)
    {
        ExpectColon();
        n = ParseUiv("a reference number");
        ExpectInToken((byte)';', "';' after the reference number");
        return PhpTokenType.ValueReference;
    }

    private PhpTokenType ReadReference(bool objectReference)
    {
        ReadReferenceNumber(out ulong n);
        long before = objectReference ? _slotCount - 1 : _slotCount;
        unchecked
        {
            ulong id = n - 1;
            if (n == 0) throw Error("Reference number 0 is invalid (numbers start at 1)", _pos);
            if (!_countingOnly && id >= (ulong)before) throw Error($"Reference {n} points to no earlier value (only {before} so far)", _pos);
            _long = (long)(id + 1);
        }
        return objectReference ? PhpTokenType.ObjectReference : PhpTokenType.ValueReference;
    }
}
