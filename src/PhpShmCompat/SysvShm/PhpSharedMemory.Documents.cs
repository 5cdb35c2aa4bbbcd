using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>The <see cref="PhpDocument"/> side of <see cref="PhpSharedMemory"/>: a variable read as a document, without a tree of objects.</summary>
public sealed partial class PhpSharedMemory
{
    /// <summary>
    /// <c>shm_get_var</c> as a <see cref="PhpDocument"/>: the variable's bytes are copied once,
    /// into the document's own pooled memory (what the document must own, since the segment may
    /// change after the call), checked to be one value no writer changed during the copy, and
    /// indexed. Dispose the document.
    /// </summary>
    /// <exception cref="KeyNotFoundException">There is no such variable.</exception>
    /// <exception cref="PhpShmCorruptException">The segment or the variable's bytes are invalid, or a writer kept changing the variable.</exception>
    public PhpDocument GetDocument(long varKey, PhpSerializerOptions? options = null)
    {
        PhpDocument document = PhpDocument.Create();
        try
        {
            if (!TryGetDocument(varKey, document, options))
                throw new KeyNotFoundException($"variable {varKey.ToString(CultureInfo.InvariantCulture)} does not exist in sysvshm segment {PhpIpcException.FormatKey(Key)}");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Like <see cref="GetDocument"/>, but returns false (and no document) when the variable does not exist.</summary>
    /// <exception cref="PhpShmCorruptException">The segment or the variable's bytes are invalid.</exception>
    public bool TryGetDocument(long varKey, [NotNullWhen(true)] out PhpDocument? document, PhpSerializerOptions? options = null)
    {
        PhpDocument created = PhpDocument.Create();
        try
        {
            if (TryGetDocument(varKey, created, options))
            {
                document = created;
                return true;
            }
        }
        catch
        {
            created.Dispose();
            throw;
        }
        created.Dispose();
        document = null;
        return false;
    }

    /// <summary>
    /// Loads the variable into <paramref name="document"/> (see
    /// <see cref="PhpDocument.Load(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>), reusing its
    /// pooled memory: a read loop that keeps one document allocates nothing per read for what
    /// <c>serialize()</c> writes. Elements of the document's previous content throw from now on.
    /// </summary>
    /// <returns>False when the variable does not exist (the document is then empty).</returns>
    /// <exception cref="PhpShmCorruptException">The segment or the variable's bytes are invalid (the document is then empty).</exception>
    public bool TryGetDocument(long varKey, PhpDocument document, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var target = new DocumentTarget(document);
        if (!TryCopyStable(varKey, ref target, out SysvShmLayout.Chunk chunk))
        {
            document.BeginLoad(0); // empty: no stale content under a new read's name
            return false;
        }
        try
        {
            document.CompleteLoad(chunk.Length, options);
            return true;
        }
        catch (PhpSerializationException e)
        {
            throw DataCorrupt(chunk, e);
        }
    }
}
