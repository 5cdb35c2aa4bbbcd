using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// PHP's sysvshm layout engine over a span of exactly the kernel segment size: the same
/// chunk maths, append-on-update and <c>memmove</c> compaction as <c>ext/sysvshm</c>, so the
/// bytes equal what PHP writes (stale bytes included). No OS calls: unit-testable on arrays.
/// </summary>
/// <remarks>
/// Every field is read once into a local, checked against the span length and only then
/// used (other processes may write concurrently). Problems throw
/// <see cref="PhpShmCorruptException"/>; nothing is read or written outside the span.
/// Integers are native-endian, as PHP writes them.
/// </remarks>
internal static class SysvShmLayout
{
    /// <summary><c>sizeof(sysvshm_chunk_head)</c>: magic + start + end + free + total.</summary>
    public const int HeaderSize = 40;

    /// <summary>Bytes before a chunk's data: key, length, next.</summary>
    public const int ChunkHeaderSize = 24;

    public const int StartOffset = 8;
    public const int EndOffset = 16;
    public const int FreeOffset = 24;
    public const int TotalOffset = 32;

    /// <summary>What <c>strcpy(magic, "PHP_SM")</c> writes; <c>strcmp</c> checks exactly these 7 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "PHP_SM\0"u8;

    /// <summary>PHP's chunk size for <paramref name="length"/> data bytes: <c>((length + 31) / 8) * 8 + 8</c>.</summary>
    public static long ChunkSize(long length) => ((length + 31) / 8 * 8) + 8;

    /// <summary>A chunk that passed validation; offsets fit in the span.</summary>
    public readonly record struct Chunk(int Offset, long Key, int Length, int Next)
    {
        public int DataOffset => Offset + ChunkHeaderSize;
    }

    /// <summary>True when bytes 0..6 are <c>PHP_SM\0</c> (PHP's <c>strcmp</c> test).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> segment) => segment.Length >= Magic.Length && segment[..Magic.Length].SequenceEqual(Magic);

    /// <summary>
    /// Writes a fresh header as <c>shm_attach</c> does for a segment without the magic, except
    /// that total is the real segment size (as PHP master does), never a larger requested size.
    /// Byte 7 and everything after the header are left untouched, as PHP leaves them.
    /// </summary>
    public static void Initialize(Span<byte> segment)
    {
        if (segment.Length < HeaderSize)
            throw new PhpShmCorruptException(new ShmProblem("segment size", 0, segment.Length.ToString(CultureInfo.InvariantCulture), $">= {HeaderSize} (the sysvshm header)"));
        Magic.CopyTo(segment);
        WriteLong(segment, StartOffset, HeaderSize);
        WriteLong(segment, EndOffset, HeaderSize);
        WriteLong(segment, TotalOffset, segment.Length);
        WriteLong(segment, FreeOffset, segment.Length - HeaderSize);
    }

    /// <summary>Reads and validates the header; throws on the first problem.</summary>
    public static PhpShmHeader ReadHeader(ReadOnlySpan<byte> segment)
    {
        CheckHeader(segment, ProblemSink.Throwing, out PhpShmHeader header);
        return header;
    }

    /// <summary>Finds the first chunk with <paramref name="key"/>, validating every chunk walked.</summary>
    public static bool TryFind(ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out Chunk chunk)
    {
        // The hot loop of every Get: the same checks as TryReadChunk on each chunk walked, on
        // plain reads; the first chunk that fails them goes to TryReadChunk, which says why.
        long end = header.End; // validated: start <= end <= total <= segment.Length
        if (end > segment.Length) end = segment.Length;
        long pos = header.Start;
        ref byte origin = ref MemoryMarshal.GetReference(segment);
        while (pos < end)
        {
            long room = end - pos;
            if (room >= ChunkHeaderSize)
            {
                // 0 <= pos and pos + 24 <= end <= segment.Length: the three reads are inside the span.
                ref byte head = ref Unsafe.Add(ref origin, (nint)pos);
                long chunkKey = Unsafe.ReadUnaligned<long>(ref head);
                long length = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref head, 8));
                long next = Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref head, 16));
                if ((ulong)length <= (ulong)(room - ChunkHeaderSize) && next >= ChunkHeaderSize + length && next <= room)
                {
                    if (chunkKey == key)
                    {
                        chunk = new Chunk((int)pos, chunkKey, (int)length, (int)next);
                        return true;
                    }
                    pos += next;
                    continue;
                }
            }
            TryReadChunk(segment, header, pos, ProblemSink.Throwing, out _, out _); // throws for this chunk
            break;
        }
        chunk = default;
        return false;
    }

    /// <summary>The data bytes of a validated chunk.</summary>
    public static ReadOnlySpan<byte> Data(ReadOnlySpan<byte> segment, Chunk chunk) => segment.Slice(chunk.DataOffset, chunk.Length);

    /// <summary>
    /// <c>shm_put_var</c> with raw serialized bytes: removes an existing chunk of the key, then
    /// appends at <c>end</c>. Throws <see cref="PhpShmFullException"/> before changing anything
    /// when the value would not fit even after the old value is removed.
    /// </summary>
    public static void Put(Span<byte> segment, long key, ReadOnlySpan<byte> data)
    {
        PhpShmHeader header = ReadHeader(segment);
        long needed = ChunkSize(data.Length);
        bool exists = TryFind(segment, header, key, out Chunk old);
        long available = header.Free + (exists ? old.Next : 0);
        if (available < needed) throw new PhpShmFullException(null, key, needed, available);
        if (exists) header = RemoveAt(segment, header, old);

        // Invariants checked above: end + free <= total <= segment length, needed <= free.
        int pos = checked((int)header.End);
        WriteLong(segment, pos, key);
        WriteLong(segment, pos + 8, data.Length);
        WriteLong(segment, pos + 16, needed);
        data.CopyTo(segment.Slice(pos + ChunkHeaderSize, data.Length));
        WriteLong(segment, EndOffset, header.End + needed);
        WriteLong(segment, FreeOffset, header.Free - needed);
    }

    /// <summary><c>shm_remove_var</c>: false when the key is not there.</summary>
    public static bool Remove(Span<byte> segment, long key)
    {
        PhpShmHeader header = ReadHeader(segment);
        if (!TryFind(segment, header, key, out Chunk chunk)) return false;
        RemoveAt(segment, header, chunk);
        return true;
    }

    /// <summary>All variable keys in segment order (duplicates as stored; PHP reads the first).</summary>
    public static List<long> Keys(ReadOnlySpan<byte> segment)
    {
        List<Chunk> chunks = Chunks(segment);
        var keys = new List<long>(chunks.Count);
        foreach (Chunk chunk in chunks) keys.Add(chunk.Key);
        return keys;
    }

    /// <summary>Every chunk in segment order, each validated; throws on the first problem.</summary>
    public static List<Chunk> Chunks(ReadOnlySpan<byte> segment)
    {
        PhpShmHeader header = ReadHeader(segment);
        var chunks = new List<Chunk>();
        long pos = header.Start;
        while (pos < header.End)
        {
            TryReadChunk(segment, header, pos, ProblemSink.Throwing, out Chunk chunk, out _);
            chunks.Add(chunk);
            pos += chunk.Next;
        }
        return chunks;
    }

    /// <summary>Checks the whole segment and reports every problem instead of stopping at the first.</summary>
    public static ShmValidationReport Validate(ReadOnlySpan<byte> segment)
    {
        var problems = new List<ShmProblem>();
        var sink = new ProblemSink(problems);
        bool headerOk = CheckHeader(segment, sink, out PhpShmHeader header);
        int count = 0;
        if (segment.Length < HeaderSize) return new ShmValidationReport(segment.Length, null, 0, problems);

        // Walk whatever part of the chain can be walked safely, even under a bad header.
        long start = header.Start, end = header.End;
        if (headerOk || (start >= HeaderSize && start <= end && end <= segment.Length))
        {
            long pos = start;
            while (pos < end)
            {
                bool chunkOk = TryReadChunk(segment, header, pos, sink, out Chunk chunk, out bool canContinue);
                if (chunkOk || canContinue) count++;
                if (!canContinue) break;
                pos += chunk.Next;
            }
        }
        return new ShmValidationReport(segment.Length, header, count, problems);
    }

    /// <summary>
    /// Validates the header against the segment length: magic, <c>40 &lt;= total &lt;= size</c>,
    /// <c>40 &lt;= start &lt;= total</c>, <c>start &lt;= end &lt;= total</c>, <c>0 &lt;= free &lt;= total - end</c>.
    /// </summary>
    private static bool CheckHeader(ReadOnlySpan<byte> segment, ProblemSink sink, out PhpShmHeader header)
    {
        header = default;
        long size = segment.Length;
        if (size < HeaderSize)
        {
            sink.Report(new ShmProblem("segment size", 0, size.ToString(CultureInfo.InvariantCulture), $">= {HeaderSize} (the sysvshm header)"));
            return false;
        }
        bool ok = true;
        if (!HasMagic(segment))
            ok = sink.Report(new ShmProblem("header.magic", 0, Convert.ToHexString(segment[..Magic.Length]), "50485F534D00 (\"PHP_SM\\0\")"));

        long start = ReadLong(segment, StartOffset);
        long end = ReadLong(segment, EndOffset);
        long free = ReadLong(segment, FreeOffset);
        long total = ReadLong(segment, TotalOffset);
        header = new PhpShmHeader(start, end, free, total);

        bool totalOk = total >= HeaderSize && total <= size;
        if (!totalOk) ok = sink.Report(new ShmProblem("header.total", TotalOffset, total.ToString(CultureInfo.InvariantCulture), $"{HeaderSize}..{size} (the segment size)"));
        long limit = totalOk ? total : size;

        bool startOk = start >= HeaderSize && start <= limit;
        if (!startOk) ok = sink.Report(new ShmProblem("header.start", StartOffset, start.ToString(CultureInfo.InvariantCulture), $"{HeaderSize}..{limit}"));
        long low = startOk ? start : HeaderSize;

        bool endOk = end >= low && end <= limit;
        if (!endOk) ok = sink.Report(new ShmProblem("header.end", EndOffset, end.ToString(CultureInfo.InvariantCulture), $"{low}..{limit}"));
        long room = limit - (endOk ? end : low);

        if (free < 0 || free > room) ok = sink.Report(new ShmProblem("header.free", FreeOffset, free.ToString(CultureInfo.InvariantCulture), $"0..{room} (total - end)"));
        return ok;
    }

    /// <summary>
    /// Reads the chunk at <paramref name="pos"/> (start &lt;= pos &lt; end, header valid):
    /// 24 header bytes before end, <c>0 &lt;= length &lt;= end - pos - 24</c> and
    /// <c>24 + length &lt;= next &lt;= end - pos</c>. <paramref name="canContinue"/> tells whether
    /// <c>next</c> is usable to reach the following chunk.
    /// </summary>
    private static bool TryReadChunk(ReadOnlySpan<byte> segment, in PhpShmHeader header, long pos, ProblemSink sink, out Chunk chunk, out bool canContinue)
    {
        chunk = default;
        canContinue = false;
        long room = header.End - pos;
        if (room < ChunkHeaderSize)
        {
            sink.Report(new ShmProblem("chunk header", pos, $"{room} byte(s) before header.end", $">= {ChunkHeaderSize} bytes"));
            return false;
        }
        int at = (int)pos;
        long key = ReadLong(segment, at);
        long length = ReadLong(segment, at + 8);
        long next = ReadLong(segment, at + 16);

        bool ok = true;
        long maxLength = room - ChunkHeaderSize;
        bool lengthOk = length >= 0 && length <= maxLength;
        if (!lengthOk) ok = sink.Report(new ShmProblem("chunk.length", pos + 8, length.ToString(CultureInfo.InvariantCulture), $"0..{maxLength} (key {key})"));

        long minNext = ChunkHeaderSize + (lengthOk ? length : 0);
        canContinue = next >= minNext && next <= room;
        if (!canContinue) ok = sink.Report(new ShmProblem("chunk.next", pos + 16, next.ToString(CultureInfo.InvariantCulture), $"{minNext}..{room} (key {key})"));

        chunk = new Chunk(at, key, lengthOk ? (int)length : 0, canContinue ? (int)next : 0);
        return ok;
    }

    /// <summary>PHP's <c>php_remove_shm_data</c>: <c>free += next</c>, <c>end -= next</c>, then memmove the tail down.</summary>
    private static PhpShmHeader RemoveAt(Span<byte> segment, PhpShmHeader header, in Chunk chunk)
    {
        long tail = header.End - chunk.Offset - chunk.Next;
        var updated = header with { Free = header.Free + chunk.Next, End = header.End - chunk.Next };
        WriteLong(segment, FreeOffset, updated.Free);
        WriteLong(segment, EndOffset, updated.End);
        if (tail > 0)
            segment.Slice(chunk.Offset + chunk.Next, (int)tail).CopyTo(segment[chunk.Offset..]);
        return updated;
    }

    internal static long ReadLong(ReadOnlySpan<byte> segment, int offset) => MemoryMarshal.Read<long>(segment.Slice(offset, sizeof(long)));

    internal static void WriteLong(Span<byte> segment, int offset, long value) => MemoryMarshal.Write(segment.Slice(offset, sizeof(long)), in value);

    /// <summary>Either throws on the first problem or collects all of them.</summary>
    private sealed class ProblemSink
    {
        public static readonly ProblemSink Throwing = new(null);
        private readonly List<ShmProblem>? _problems;

        public ProblemSink(List<ShmProblem>? problems) => _problems = problems;

        /// <summary>Records the problem (or throws); returns false so callers can write <c>ok = sink.Report(...)</c>.</summary>
        public bool Report(ShmProblem problem)
        {
            if (_problems is null) throw new PhpShmCorruptException(problem);
            _problems.Add(problem);
            return false;
        }
    }
}
