using System.Buffers;

namespace PhpSerializer;

/// <summary>
/// A read-only view of PHP <c>serialize()</c> bytes, shaped like <c>JsonDocument</c>: parse once,
/// then read fields through <see cref="PhpElement"/> structs without building a tree of objects.
/// <see cref="Parse(ReadOnlyMemory{byte}, PhpSerializerOptions?)"/> accepts and rejects exactly
/// what <see cref="PhpSerialization.Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> does,
/// with the same errors and offsets, and every element reads the same values as the value model.
/// </summary>
/// <remarks>
/// <para>What PHP's <c>serialize()</c> writes is indexed in pooled memory (no allocation per
/// value). Anything else -- references, <c>C:</c>, <c>E:</c>, <c>S:</c>, duplicate keys, lenient
/// spellings, incomplete classes -- is read into the value model once and viewed through the same
/// API, so results never depend on the form of the input.</para>
/// <para>Dispose the document to return its memory; an element used after that throws
/// <see cref="ObjectDisposedException"/>. A document is not safe for concurrent disposal or
/// <see cref="Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>, but any number of threads may
/// read a live one.</para>
/// <para>A loop that reads many inputs keeps one document (<see cref="Create"/>) and calls
/// <see cref="Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> for each: its pooled memory is
/// kept between loads, so what <c>serialize()</c> writes is read with no allocation per input.
/// Elements of the previous content throw <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class PhpDocument : IDisposable
{
    private const int InitialOwnedBytes = 256;

    private ReadOnlyMemory<byte> _data;
    private byte[]? _ownedData;
    private DocumentRow[]? _rows;
    private PhpValue? _tree;
    private PhpSerializerOptions _options = PhpSerializerOptions.Default;
    private bool _loaded;
    private int _pendingLength = -1;
    private bool _disposed;

    private PhpDocument()
    {
    }

    /// <summary>Which content the document holds: elements remember it and fail once it changes.</summary>
    internal int Generation { get; private set; }

    /// <summary>The options the content was parsed with (used again by <see cref="PhpElement.ToValue"/>).</summary>
    internal PhpSerializerOptions Options => _options;

    /// <summary>The root value.</summary>
    /// <exception cref="InvalidOperationException">A document from <see cref="Create"/> that has not been loaded (or whose last load failed).</exception>
    public PhpElement RootElement
    {
        get
        {
            CheckNotDisposed();
            if (!_loaded) throw new InvalidOperationException("The document holds no value: Load has not succeeded since it was created.");
            return _tree is not null ? new PhpElement(this, -1, _tree) : new PhpElement(this, 0, null);
        }
    }

    /// <summary>
    /// True when the input was indexed in place (what <c>serialize()</c> writes), false when it was
    /// read into the value model (references, lenient forms and the like). Either way the API and
    /// the values are the same; this only tells the cost. False while the document holds nothing.
    /// </summary>
    public bool IsIndexed => _loaded && _tree is null;

    /// <summary>
    /// Parses <paramref name="data"/> without copying it: the caller keeps the memory alive and
    /// unchanged until the document is disposed.
    /// </summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit (as <see cref="PhpSerialization.Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>).</exception>
    public static PhpDocument Parse(ReadOnlyMemory<byte> data, PhpSerializerOptions? options = null)
    {
        var document = new PhpDocument();
        try
        {
            document.LoadCore(data, options ?? PhpSerializerOptions.Default);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Parses a copy of <paramref name="data"/> (kept in pooled memory until the document is disposed).</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit.</exception>
    public static PhpDocument Parse(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
    {
        var document = new PhpDocument();
        try
        {
            document.Load(data, options);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An empty document to fill with <see cref="Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>,
    /// for loops that read many inputs: the pooled memory stays with the document between loads.
    /// </summary>
    public static PhpDocument Create() => new();

    /// <summary>
    /// Replaces the content with a copy of <paramref name="data"/>, parsed as
    /// <see cref="Parse(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> parses it, reusing the
    /// document's pooled memory (it grows when the input is larger, and is kept). Elements of the
    /// previous content throw <see cref="ObjectDisposedException"/> from now on.
    /// </summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit; the document is then empty.</exception>
    public void Load(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
    {
        Span<byte> target = PrepareCopy(data.Length);
        data.CopyTo(target);
        LoadCopied(data.Length, options);
    }

    /// <summary>
    /// Replaces the content with <paramref name="data"/>, parsed without copying it: the caller
    /// keeps the memory alive and unchanged while the content is in use. The document's pooled
    /// index memory is reused. Elements of the previous content throw from now on.
    /// </summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit; the document is then empty.</exception>
    public void Load(ReadOnlyMemory<byte> data, PhpSerializerOptions? options = null)
    {
        CheckNotDisposed();
        LoadCore(data, options ?? PhpSerializerOptions.Default);
    }

    /// <summary>
    /// The first half of a load whose input the caller copies itself (from memory another
    /// process may change, or straight from a system call): returns the document's own pooled
    /// memory for <paramref name="length"/> bytes. Fill it, then call
    /// <see cref="CompleteLoad(int, PhpSerializerOptions?)"/>. The document is empty until then,
    /// and elements of the previous content throw from now on.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public Span<byte> BeginLoad(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Span<byte> target = PrepareCopy(length);
        _pendingLength = length;
        return target;
    }

    /// <summary>
    /// Parses the first <paramref name="length"/> bytes of the memory <see cref="BeginLoad"/>
    /// returned, as <see cref="Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> would.
    /// </summary>
    /// <exception cref="InvalidOperationException">No <see cref="BeginLoad"/> of at least <paramref name="length"/> bytes is pending.</exception>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit; the document is then empty.</exception>
    public void CompleteLoad(int length, PhpSerializerOptions? options = null)
    {
        CheckNotDisposed();
        if (length < 0 || length > _pendingLength)
            throw new InvalidOperationException($"CompleteLoad of {length} bytes without a BeginLoad of at least that many (pending: {_pendingLength}).");
        LoadCopied(length, options); // which ends the pending load (Unload)
    }

    private Span<byte> PrepareCopy(int length)
    {
        CheckNotDisposed();
        Unload();
        if (_ownedData is null || _ownedData.Length < length)
        {
            if (_ownedData is not null) ArrayPool<byte>.Shared.Return(_ownedData);
            _ownedData = null;
            _ownedData = ArrayPool<byte>.Shared.Rent(Math.Max(InitialOwnedBytes, length));
        }
        return _ownedData.AsSpan(0, length);
    }

    /// <summary>Parses the first <paramref name="length"/> bytes of the memory <see cref="PrepareCopy"/> gave out.</summary>
    private void LoadCopied(int length, PhpSerializerOptions? options)
    {
        LoadCore(_ownedData.AsMemory(0, length), options ?? PhpSerializerOptions.Default);
    }

    private void LoadCore(ReadOnlyMemory<byte> data, PhpSerializerOptions options)
    {
        Unload();
        _options = options;
        if (DocumentBuilder.TryBuild(data.Span, options, ref _rows))
        {
            _data = data;
            _loaded = true;
            return;
        }
        // The general path decides: the exact value, or the exact error.
        _tree = PhpSerialization.Unserialize(data.Span, options);
        _loaded = true;
    }

    // Forgets the content (elements of it become stale) but keeps the pooled memory.
    private void Unload()
    {
        Generation++;
        _pendingLength = -1;
        _loaded = false;
        _tree = null;
        _data = default;
    }

    /// <summary>Returns the pooled memory; elements of this document cannot be read afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Unload();
        if (_rows is not null) ArrayPool<DocumentRow>.Shared.Return(_rows);
        if (_ownedData is not null) ArrayPool<byte>.Shared.Return(_ownedData);
        _rows = null;
        _ownedData = null;
    }

    internal void CheckNotDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Throws when the document was disposed, or holds other content than <paramref name="generation"/>.</summary>
    internal void CheckLive(int generation)
    {
        if (_disposed || generation != Generation)
            throw new ObjectDisposedException(nameof(PhpDocument), _disposed ? "The document was disposed." : "The document was loaded with other content since this element was read.");
    }

    internal ref readonly DocumentRow Row(int index)
    {
        CheckNotDisposed();
        return ref _rows![index];
    }

    internal ref readonly DocumentRow Row(int index, int generation)
    {
        CheckLive(generation);
        return ref _rows![index];
    }

    /// <summary>The value of the float whose text starts at <paramref name="start"/> (checked when the document was parsed).</summary>
    internal double FloatAt(int start)
    {
        CheckNotDisposed();
        if (PhpFloatText.Parse(_data.Span, start, out double value, out _) != PhpFloatText.Result.Ok)
            throw new InvalidOperationException($"The float at offset {start} no longer parses: the document's memory was changed after it was parsed.");
        return value;
    }

    internal ReadOnlySpan<byte> Bytes(int start, int length)
    {
        CheckNotDisposed();
        return _data.Span.Slice(start, length);
    }
}
