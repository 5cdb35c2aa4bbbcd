using System.Buffers;
using PhpSerializer;

namespace PhpShmCompat;

/// <summary>Called once per variable by <see cref="PhpSharedMemory.ForEach{TState}"/>; the element is valid only during the call.</summary>
/// <typeparam name="TState">What the caller passes through.</typeparam>
/// <param name="varKey">The variable's key.</param>
/// <param name="value">Its value.</param>
/// <param name="state">The caller's state.</param>
public delegate void ShmVariableVisitor<in TState>(long varKey, PhpElement value, TState state);

/// <summary>One pass over every variable: a snapshot of the segment, then one walk over it.</summary>
public sealed partial class PhpSharedMemory
{
    [ThreadStatic] private static PhpDocument? t_visitDocument;

    /// <summary>
    /// Every variable with its value, in segment order (oldest write first), from one snapshot
    /// of the segment: the used part is copied once and proven unchanged by writers during the
    /// copy, then walked once. Reading all N variables costs one walk, not N as a
    /// <c>shm_get_var</c> loop does. A segment PHP wrote holds each key once; one written
    /// otherwise may hold a key twice, and then both are listed (<see cref="Get"/> reads the first).
    /// </summary>
    /// <exception cref="PhpShmCorruptException">The segment or a variable's bytes are invalid, or writers kept changing it.</exception>
    public IReadOnlyList<KeyValuePair<long, PhpValue>> GetAll(PhpSerializerOptions? options = null)
    {
        byte[] snapshot = TakeSnapshot(out SysvShmFormat f, out PhpShmHeader header);
        try
        {
            List<SysvShmLayout.Chunk> chunks = SnapshotChunks(f, snapshot, header);
            var values = new List<KeyValuePair<long, PhpValue>>(chunks.Count);
            foreach (SysvShmLayout.Chunk chunk in chunks)
            {
                try { values.Add(new(chunk.Key, PhpSerialization.Unserialize(snapshot.AsSpan(chunk.DataOffset, chunk.Length), out _, options))); }
                catch (PhpSerializationException e) { throw DataCorrupt(chunk, e); }
            }
            return values;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(snapshot);
        }
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> for every variable, in segment order, with its value as a
    /// <see cref="PhpElement"/>, from one snapshot as <see cref="GetAll"/> takes it. One document
    /// is reused for all variables and reads the snapshot in place: nothing is allocated per
    /// variable for what <c>serialize()</c> writes. An element must not be kept after its call.
    /// </summary>
    /// <exception cref="PhpShmCorruptException">The segment or a variable's bytes are invalid, or writers kept changing it.</exception>
    public void ForEach<TState>(TState state, ShmVariableVisitor<TState> visitor, PhpSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        byte[] snapshot = TakeSnapshot(out SysvShmFormat f, out PhpShmHeader header);
        PhpDocument document = t_visitDocument ?? PhpDocument.Create();
        t_visitDocument = null; // a visitor that reads the segment again gets its own
        try
        {
            foreach (SysvShmLayout.Chunk chunk in SnapshotChunks(f, snapshot, header))
            {
                try { document.Load(snapshot.AsMemory(chunk.DataOffset, chunk.Length), options); }
                catch (PhpSerializationException e) { throw DataCorrupt(chunk, e); }
                visitor(chunk.Key, document.RootElement, state);
            }
        }
        finally
        {
            document.BeginLoad(0); // nothing of the snapshot stays reachable through the document
            t_visitDocument = document;
            ArrayPool<byte>.Shared.Return(snapshot);
        }
    }

    private List<SysvShmLayout.Chunk> SnapshotChunks(in SysvShmFormat f, byte[] snapshot, in PhpShmHeader header)
    {
        try { return SysvShmLayout.Chunks(f, snapshot.AsSpan(0, (int)header.End), header); }
        catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
    }

    /// <summary>
    /// The first <c>end</c> bytes of the segment (header and every chunk) in a pooled array,
    /// returned only when the header read again after the copy and every copied byte are
    /// unchanged (as <see cref="TryCopyStable{TTarget}(long, ref TTarget, out SysvShmLayout.Chunk)"/> proves one variable).
    /// </summary>
    private byte[] TakeSnapshot(out SysvShmFormat f, out PhpShmHeader header)
    {
        using var lease = _mapping.Acquire();
        ReadOnlySpan<byte> segment = lease.Span;
        for (int attempt = 1; ; attempt++)
        {
            f = FormatOf(segment);
            try { header = SysvShmLayout.ReadHeader(f, segment); }
            catch (PhpShmCorruptException e) when (e.SegmentKey is null) { throw e.WithSegmentKey(Key); }
            int used = (int)header.End; // validated: end <= total <= segment length
            byte[] copy = ArrayPool<byte>.Shared.Rent(Math.Max(used, 1));
            segment[..used].CopyTo(copy);
            if (f.Read(segment, f.StartOffset) == header.Start && f.Read(segment, f.EndOffset) == header.End
                && f.Read(segment, f.FreeOffset) == header.Free && f.Read(segment, f.TotalOffset) == header.Total
                && segment[..used].SequenceEqual(copy.AsSpan(0, used))
                && (!_options.UnlockedWriters || SysvShmChainProof.IsWhole(f, copy.AsSpan(0, used), header, -1)))
                return copy;
            ArrayPool<byte>.Shared.Return(copy);
            if (attempt >= MaxCopyAttempts)
            {
                var problem = new PhpShmProblem("segment", 0, $"changed while being read ({MaxCopyAttempts} attempts)",
                    "bytes no writer changes during the read (readers and writers hold the same semaphore)");
                throw new PhpShmCorruptException(problem, Key);
            }
            Thread.Yield();
        }
    }
}
