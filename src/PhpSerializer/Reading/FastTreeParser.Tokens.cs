namespace PhpSerializer;

/// <summary>
/// Token-level reads for the streaming typed path (<see cref="PhpConverter{T}"/>'s
/// <c>TryReadStreaming</c>): the same forms and the same checks as <see cref="ParseValue"/>,
/// without building <see cref="PhpValue"/>s. Each returns false, with nothing promised about the
/// position, where <see cref="ParseValue"/> would have returned null (or the next value is of
/// another kind); the caller then gives up and the tree path runs on the whole input.
/// </summary>
internal ref partial struct FastTreeParser
{
    /// <summary>Bytes consumed so far.</summary>
    internal readonly int Position => _pos;

    /// <summary>The type letter of the next value (<c>N i d b s a O ...</c>), or 0 at the end of the input.</summary>
    internal readonly byte PeekType() => (uint)_pos < (uint)_data.Length ? _data[_pos] : (byte)0;

    /// <summary>True when the next value starts like <c>N;</c>.</summary>
    internal readonly bool NextIsNull => PeekType() == (byte)'N';

    /// <summary><c>N;</c></summary>
    internal bool TryReadNull()
    {
        int p = _pos;
        if ((uint)(p + 1) >= (uint)_data.Length || _data[p] != (byte)'N' || _data[p + 1] != (byte)';') return false;
        _pos = p + 2;
        return true;
    }

    /// <summary><c>i:n;</c></summary>
    internal bool TryReadInt(out long value)
    {
        value = 0;
        return TryTypePrefix((byte)'i') && TryInt((byte)';', out value);
    }

    /// <summary><c>d:x;</c>, or <c>i:n;</c> as its double value.</summary>
    internal bool TryReadNumber(out double value)
    {
        value = 0;
        if (PeekType() == (byte)'i')
        {
            if (!TryReadInt(out long i)) return false;
            value = i;
            return true;
        }
        return TryTypePrefix((byte)'d') && TryFloatBody(out value);
    }

    /// <summary><c>b:0;</c> or <c>b:1;</c></summary>
    internal bool TryReadBool(out bool value)
    {
        value = false;
        return TryTypePrefix((byte)'b') && TryBoolBody(out value);
    }

    /// <summary><c>s:len:"bytes";</c>: the bytes, a slice of the input.</summary>
    internal bool TryReadStringBytes(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        return TryTypePrefix((byte)'s') && TryStringBody(out bytes);
    }

    /// <summary><c>a:count:{</c>, with the same count and depth checks as <see cref="ParseValue"/>; close it with <see cref="TryReadEnd"/>.</summary>
    internal bool TryReadArrayStart(out int count)
    {
        count = 0;
        return TryTypePrefix((byte)'a') && TryArrayHeader(out count);
    }

    /// <summary>
    /// <c>O:len:"Class":count:{</c>, with the same class-name, count and depth checks as
    /// <see cref="ParseValue"/>; close it with <see cref="TryReadEnd"/>.
    /// </summary>
    internal bool TryReadObjectStart(out ReadOnlySpan<byte> className, out int count)
    {
        className = default;
        count = 0;
        return TryTypePrefix((byte)'O') && TryObjectHeader(out className, out count);
    }

    /// <summary>The <c>}</c> of an array opened with <paramref name="count"/> elements.</summary>
    internal bool TryReadEnd(int count) => Leave(count, isObject: false);

    /// <summary>The <c>}</c> of an object opened with <see cref="TryReadObjectStart"/>.</summary>
    internal bool TryReadObjectEnd(int count) => Leave(count, isObject: true);

    /// <summary>The key <c>i:index;</c> of a list element.</summary>
    internal bool TryReadListKey(int index) => TryReadInt(out long key) && key == index;

    /// <summary>
    /// A property key: its bytes for <c>s:</c> keys (kept exactly, mangled names included). Int
    /// keys and <c>__PHP_Incomplete_Class_Name</c> are left to the tree path (see <see cref="TryPropertyKey"/>).
    /// </summary>
    internal bool TryReadPropertyKey(out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!TryKeyStart(out byte type) || type != (byte)'s' || !TryStringBody(out name)) return false;
        return !name.SequenceEqual(IncompleteClassNameProperty);
    }

    /// <summary>
    /// An array key without allocating: <c>i:n;</c>, or <c>s:len:"...";</c> whose bytes PHP turns
    /// into an int when they are a canonical decimal (<paramref name="isInt"/> then true).
    /// </summary>
    internal bool TryReadArrayKey(out bool isInt, out long intKey, out ReadOnlySpan<byte> name)
    {
        name = default;
        intKey = 0;
        isInt = false;
        if (!TryKeyStart(out byte type)) return false;
        if (type == (byte)'i') return isInt = TryInt((byte)';', out intKey);
        if (!TryStringBody(out name)) return false;
        isInt = PhpArrayKey.TryParseCanonicalInt(name, out intKey);
        return true;
    }

    /// <summary>Reads and drops one value (an unknown property), with the same checks as <see cref="ParseValue"/>.</summary>
    internal bool TrySkipValue() => ParseValue() is not null;

    // "x:" for the given type letter.
    private bool TryTypePrefix(byte type)
    {
        int p = _pos;
        if ((uint)(p + 1) >= (uint)_data.Length || _data[p] != type || _data[p + 1] != (byte)':') return false;
        _pos = p + 2;
        return true;
    }
}
