using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>
/// Reads that copy a variable out of the mapping and prove the copy is one value: sysvshm has
/// no lock, so another process may be writing while we read. Parsers then read the private
/// copy, which nothing changes under them.
/// </summary>
public sealed partial class PhpSharedMemory
{
    /// <summary>How often a read is tried when a writer changes the variable while it is copied.</summary>
    private const int MaxCopyAttempts = 8;

    /// <summary>Variables up to this size are copied to the reader's stack instead of a pooled buffer.</summary>
    private const int InlineCopyBytes = 512;

    /// <summary>How often a walk that meets a bad chunk is tried again (a writer may be moving the chain).</summary>
    private const int MaxWalkAttempts = 3;

    [ThreadStatic] private static byte[]? t_scratch;

    /// <summary>Where a stable read copies the variable's bytes to.</summary>
    private interface ICopyTarget
    {
        /// <summary>Memory for <paramref name="length"/> bytes (called once per attempt).</summary>
        Span<byte> Take(int length);
    }

    /// <summary>Copies into a document's own pooled memory.</summary>
    private readonly struct DocumentTarget(PhpDocument document) : ICopyTarget
    {
        public Span<byte> Take(int length) => document.BeginLoad(length);
    }

    /// <summary>Copies into a per-thread pooled scratch buffer; <see cref="Release"/> gives it back.</summary>
    private struct ScratchTarget : ICopyTarget
    {
        private byte[]? _array;

        public Span<byte> Take(int length)
        {
            if (_array is null || _array.Length < length)
            {
                if (_array is not null) ArrayPool<byte>.Shared.Return(_array);
                byte[]? cached = t_scratch;
                t_scratch = null;
                if (cached is not null && cached.Length >= length) _array = cached;
                else
                {
                    if (cached is not null) ArrayPool<byte>.Shared.Return(cached);
                    _array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
                }
            }
            return _array.AsSpan(0, length);
        }

        public readonly ReadOnlySpan<byte> Bytes(int length) => _array.AsSpan(0, length);

        public void Release()
        {
            if (_array is null) return;
            // Keep one buffer per thread for the next read, unless it is huge.
            if (t_scratch is null && _array.Length <= 1 << 20) t_scratch = _array;
            else ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }
    }

    /// <summary>
    /// Finds <paramref name="varKey"/> and copies its bytes into <paramref name="target"/>. The
    /// copy is returned only when, read again after it was made, the header's four fields, the
    /// chunk header and every data byte are what they were before: a writer that ran during the
    /// copy changed one of them (a put or remove moves <c>end</c> and <c>free</c> before it
    /// moves bytes, and moved bytes differ from the copy), so the read is tried again, and after
    /// <see cref="MaxCopyAttempts"/> fails with a typed error. Nothing outside the mapping is read.
    /// </summary>
    /// <returns>False when the variable does not exist.</returns>
    /// <exception cref="PhpShmCorruptException">The segment is corrupt, or the variable kept changing while it was read.</exception>
    private bool TryCopyStable<TTarget>(long varKey, ref TTarget target, out SysvShmLayout.Chunk chunk)
        where TTarget : struct, ICopyTarget
        => TryCopyStable(varKey, default, ref target, out chunk, out _);

    /// <summary>
    /// <see cref="TryCopyStable{TTarget}(long, ref TTarget, out SysvShmLayout.Chunk)"/> that copies
    /// a variable of at most <paramref name="inline"/>'s length there (the caller's stack)
    /// instead, saying so in <paramref name="inlined"/>.
    /// </summary>
    private bool TryCopyStable<TTarget>(long varKey, Span<byte> inline, ref TTarget target, out SysvShmLayout.Chunk chunk, out bool inlined)
        where TTarget : struct, ICopyTarget
    {
        using var lease = _mapping.Acquire();
        ReadOnlySpan<byte> segment = lease.Span;
        if (TryCopyRemembered64(varKey, segment, inline, ref target, out chunk, out inlined, out bool copied)) return true;
        int walkFailures = 0;
        for (int attempt = copied ? 2 : 1; ; attempt++)
        {
            SysvShmFormat f = FormatOf(segment);
            PhpShmHeader header;
            bool found;
            try
            {
                header = SysvShmLayout.ReadHeader(f, segment);
                found = Find(f, segment, header, varKey, out chunk);
            }
            catch (PhpShmCorruptException e)
            {
                if (++walkFailures >= MaxWalkAttempts) throw e.SegmentKey is null ? e.WithSegmentKey(Key) : e;
                Thread.Yield();
                continue;
            }
            if (!found) return false;

            ReadOnlySpan<byte> data = SysvShmLayout.Data(segment, chunk);
            inlined = data.Length <= inline.Length;
            Span<byte> copy = inlined ? inline[..data.Length] : target.Take(data.Length);
            data.CopyTo(copy);
            if (Unchanged(f, segment, header, chunk) && data.SequenceEqual(copy)
                && (!_options.UnlockedWriters || (SysvShmChainProof.IsWhole(f, segment, header, chunk.Offset) && Unchanged(f, segment, header, chunk) && data.SequenceEqual(copy))))
                return true;
            if (attempt >= MaxCopyAttempts)
            {
                var problem = new PhpShmProblem("chunk.data", chunk.DataOffset, $"changed while being read ({MaxCopyAttempts} attempts)",
                    "bytes no writer changes during the read (readers and writers hold the same semaphore)");
                throw new PhpShmCorruptException(problem, Key, varKey);
            }
            Thread.Yield();
        }
    }

    /// <summary>
    /// The one-pass read alone, copying into <paramref name="into"/>: true only when it answered
    /// by itself (the general loop was not needed) and the variable fit there. For tests, which
    /// cannot tell it from the loop otherwise (every way it refuses ends in the loop's answer).
    /// </summary>
    internal bool TryCopyRememberedOnly(long varKey, Span<byte> into, out SysvShmLayout.Chunk chunk)
    {
        using var lease = _mapping.Acquire();
        var scratch = new ScratchTarget();
        try
        {
            return TryCopyRemembered64(varKey, lease.Span, into, ref scratch, out chunk, out bool inlined, out _) && inlined;
        }
        finally
        {
            scratch.Release();
        }
    }

    /// <summary>
    /// The common read in one pass on plain locals: a 64-bit segment whose header checks out, a
    /// position the index remembers that still holds the chunk, and a copy no writer changed. It
    /// makes exactly the checks of the general loop of <see cref="TryCopyStable{TTarget}(long, Span{byte}, ref TTarget, out SysvShmLayout.Chunk, out bool)"/>
    /// (header, remembered position, copy unchanged) and answers only when every one passes;
    /// anything else (a 32-bit segment, no remembered position, a writer at work, unlocked
    /// writers, any error) is left to the loop, which decides. <paramref name="copied"/> says
    /// whether a copy was tried (it counts as the loop's first attempt).
    /// </summary>
    private bool TryCopyRemembered64<TTarget>(long varKey, ReadOnlySpan<byte> segment, Span<byte> inline, ref TTarget target, out SysvShmLayout.Chunk chunk, out bool inlined, out bool copied)
        where TTarget : struct, ICopyTarget
    {
        const int head = SysvShmLayout.ChunkHeaderSize;
        chunk = default;
        inlined = copied = false;
        SysvShmIndex? index = Volatile.Read(ref _index);
        if (index is null || !_options.CachePositions || _options.UnlockedWriters || _options.Layout == PhpShmLayout.Php32
            || segment.Length < SysvShmLayout.HeaderSize) return false;
        ReadOnlySpan<long> words = MemoryMarshal.Cast<byte, long>(segment[..SysvShmLayout.HeaderSize]);
        long start = words[1], end = words[2], free = words[3], total = words[4];
        if (!SysvShmLayout.IsValidHeader64(words[0], start, end, free, total, segment.Length)
            || !index.TryRemembered64(varKey, start, end, free, total, out int pos, out int length, out int next)) return false;
        // The chunk header at the remembered position, within the bounds a walk checks (end <= segment length here).
        long room = end - pos;
        if (pos < start || room < head) return false;
        ReadOnlySpan<long> fields = MemoryMarshal.Cast<byte, long>(segment.Slice(pos, head));
        if (fields[0] != varKey || fields[1] != length || fields[2] != next
            || (ulong)length > (ulong)(room - head) || next < head + (long)length || next > room) return false;

        ReadOnlySpan<byte> data = segment.Slice(pos + head, length);
        inlined = length <= inline.Length;
        Span<byte> copy = inlined ? inline[..length] : target.Take(length);
        data.CopyTo(copy);
        copied = true;
        // Read again after the copy: the header's four fields, the chunk header and every data byte.
        if (words[1] != start || words[2] != end || words[3] != free || words[4] != total
            || fields[0] != varKey || fields[1] != length || fields[2] != next || !data.SequenceEqual(copy)) return false;
        chunk = new SysvShmLayout.Chunk(pos, varKey, length, next, head);
        return true;
    }

    // The header and the chunk header read again: the same fields, within the same bounds.
    private static bool Unchanged(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, in SysvShmLayout.Chunk chunk)
    {
        if (f.Is32Bit)
        {
            return f.Read(segment, f.StartOffset) == header.Start && f.Read(segment, f.EndOffset) == header.End
                && f.Read(segment, f.FreeOffset) == header.Free && f.Read(segment, f.TotalOffset) == header.Total
                && SysvShmLayout.TryChunkAt(f, segment, header, chunk.Offset, chunk.Key, chunk.Length, chunk.Next, out _);
        }
        // 64-bit: the four header fields and the chunk header's three, each in one read of the
        // span (the chunk was validated against this header, so its header bytes are inside).
        ReadOnlySpan<long> fields = MemoryMarshal.Cast<byte, long>(segment.Slice(SysvShmLayout.StartOffset, 32));
        ReadOnlySpan<long> head = MemoryMarshal.Cast<byte, long>(segment.Slice(chunk.Offset, SysvShmLayout.ChunkHeaderSize));
        return fields[0] == header.Start && fields[1] == header.End && fields[2] == header.Free && fields[3] == header.Total
            && head[0] == chunk.Key && head[1] == chunk.Length && head[2] == chunk.Next;
    }
}
