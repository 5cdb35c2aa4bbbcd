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
/// <see cref="ObjectDisposedException"/>. A document is not safe for concurrent disposal, but any
/// number of threads may read a live one.</para>
/// </remarks>
public sealed class PhpDocument : IDisposable
{
    private ReadOnlyMemory<byte> _data;
    private byte[]? _ownedData;
    private DocumentRow[]? _rows;
    private readonly PhpValue? _tree;
    private bool _disposed;

    private PhpDocument(ReadOnlyMemory<byte> data, byte[]? ownedData, DocumentRow[]? rows, PhpValue? tree)
    {
        _data = data;
        _ownedData = ownedData;
        _rows = rows;
        _tree = tree;
    }

    /// <summary>The root value.</summary>
    public PhpElement RootElement
    {
        get
        {
            CheckNotDisposed();
            return _tree is not null ? new PhpElement(this, -1, _tree) : new PhpElement(this, 0, null);
        }
    }

    /// <summary>
    /// True when the input was indexed in place (what <c>serialize()</c> writes), false when it was
    /// read into the value model (references, lenient forms and the like). Either way the API and
    /// the values are the same; this only tells the cost.
    /// </summary>
    public bool IsIndexed => _tree is null;

    /// <summary>
    /// Parses <paramref name="data"/> without copying it: the caller keeps the memory alive and
    /// unchanged until the document is disposed.
    /// </summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit (as <see cref="PhpSerialization.Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>).</exception>
    public static PhpDocument Parse(ReadOnlyMemory<byte> data, PhpSerializerOptions? options = null)
        => Parse(data, ownedData: null, options ?? PhpSerializerOptions.Default);

    /// <summary>Parses a copy of <paramref name="data"/> (kept in pooled memory until the document is disposed).</summary>
    /// <exception cref="PhpSerializationException">The data is malformed or exceeds a limit.</exception>
    public static PhpDocument Parse(ReadOnlySpan<byte> data, PhpSerializerOptions? options = null)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(copy);
        try
        {
            return Parse(copy.AsMemory(0, data.Length), copy, options ?? PhpSerializerOptions.Default);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(copy);
            throw;
        }
    }

    private static PhpDocument Parse(ReadOnlyMemory<byte> data, byte[]? ownedData, PhpSerializerOptions options)
    {
        DocumentRow[]? rows = DocumentBuilder.TryBuild(data.Span, options);
        if (rows is not null) return new PhpDocument(data, ownedData, rows, null);
        // The general path decides: the exact value, or the exact error.
        PhpValue tree = PhpSerialization.Unserialize(data.Span, options);
        if (ownedData is not null) ArrayPool<byte>.Shared.Return(ownedData);
        return new PhpDocument(ReadOnlyMemory<byte>.Empty, null, null, tree);
    }

    /// <summary>Returns the pooled memory; elements of this document cannot be read afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_rows is not null) ArrayPool<DocumentRow>.Shared.Return(_rows);
        if (_ownedData is not null) ArrayPool<byte>.Shared.Return(_ownedData);
        _rows = null;
        _ownedData = null;
        _data = default;
    }

    internal void CheckNotDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    internal ref readonly DocumentRow Row(int index)
    {
        CheckNotDisposed();
        return ref _rows![index];
    }

    internal ReadOnlySpan<byte> Bytes(int start, int length)
    {
        CheckNotDisposed();
        return _data.Span.Slice(start, length);
    }
}
