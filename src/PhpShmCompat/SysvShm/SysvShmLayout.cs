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
/// Integers are native-endian, as PHP writes them. Every field is a PHP <c>zend_long</c>: 8 bytes
/// for 64-bit PHP, 4 for 32-bit PHP (<see cref="SysvShmFormat"/>). The overloads without a format
/// are the 64-bit layout.
/// </remarks>
internal static class SysvShmLayout
{
    /// <summary><c>sizeof(sysvshm_chunk_head)</c> of 64-bit PHP: magic + start + end + free + total.</summary>
    public const int HeaderSize = 40;

    /// <summary>Bytes before a chunk's data in 64-bit PHP's layout: key, length, next.</summary>
    public const int ChunkHeaderSize = 24;

    public const int StartOffset = 8;
    public const int EndOffset = 16;
    public const int FreeOffset = 24;
    public const int TotalOffset = 32;

    /// <summary>What <c>strcpy(magic, "PHP_SM")</c> writes; <c>strcmp</c> checks exactly these 7 bytes.</summary>
    public static ReadOnlySpan<byte> Magic => "PHP_SM\0"u8;

    /// <summary>64-bit PHP's chunk size for <paramref name="length"/> data bytes: <c>((length + 31) / 8) * 8 + 8</c>.</summary>
    public static long ChunkSize(long length) => SysvShmFormat.Php64.ChunkSize(length);

    /// <summary>A chunk that passed validation; offsets fit in the span.</summary>
    public readonly record struct Chunk(int Offset, long Key, int Length, int Next, int HeaderBytes = ChunkHeaderSize)
    {
        public int DataOffset => Offset + HeaderBytes;
    }

    /// <summary>The magic's 7 bytes and a zero byte, read as one native-endian word.</summary>
    private static readonly ulong MagicWord = MemoryMarshal.Read<ulong>("PHP_SM\0\0"u8);

    /// <summary>Selects bytes 0..6 of a native-endian word (byte 7 is not part of the magic).</summary>
    private static readonly ulong MagicMask = MemoryMarshal.Read<ulong>([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]);

    /// <summary>True when bytes 0..6 are <c>PHP_SM\0</c> (PHP's <c>strcmp</c> test).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> segment)
        => segment.Length >= sizeof(ulong)
            ? ((MemoryMarshal.Read<ulong>(segment) ^ MagicWord) & MagicMask) == 0
            : segment.Length >= Magic.Length && segment[..Magic.Length].SequenceEqual(Magic);

    /// <summary>
    /// Writes a fresh header as <c>shm_attach</c> does for a segment without the magic, except
    /// that total is the real segment size (as PHP master does), never a larger requested size.
    /// Byte 7 and everything after the header are left untouched, as PHP leaves them.
    /// </summary>
    public static void Initialize(Span<byte> segment) => Initialize(SysvShmFormat.Php64, segment);

    /// <inheritdoc cref="Initialize(Span{byte})"/>
    public static void Initialize(in SysvShmFormat f, Span<byte> segment)
    {
        if (segment.Length < f.HeaderSize)
            throw new PhpShmCorruptException(new PhpShmProblem("segment size", 0, segment.Length.ToString(CultureInfo.InvariantCulture), $">= {f.HeaderSize} (the {f.Name} sysvshm header)"));
        Magic.CopyTo(segment);
        f.Write(segment, f.StartOffset, f.HeaderSize);
        f.Write(segment, f.EndOffset, f.HeaderSize);
        f.Write(segment, f.TotalOffset, Math.Min(segment.Length, f.MaxField));
        f.Write(segment, f.FreeOffset, Math.Min(segment.Length, f.MaxField) - f.HeaderSize);
    }

    /// <summary>Reads and validates the header; throws on the first problem.</summary>
    public static PhpShmHeader ReadHeader(ReadOnlySpan<byte> segment) => ReadHeader(SysvShmFormat.Php64, segment);

    /// <inheritdoc cref="ReadHeader(ReadOnlySpan{byte})"/>
    public static PhpShmHeader ReadHeader(in SysvShmFormat f, ReadOnlySpan<byte> segment)
    {
        if (!f.Is32Bit && TryReadValidHeader64(segment, out PhpShmHeader header)) return header;
        CheckHeader(f, segment, ProblemSink.Throwing, out header);
        return header;
    }

    /// <summary>
    /// The checks of <see cref="CheckHeader"/> on a 64-bit header, in one pass over its five
    /// words and without building any report: every read of the segment starts here. A header
    /// that fails any check goes to <see cref="CheckHeader"/>, which says which one.
    /// </summary>
    private static bool TryReadValidHeader64(ReadOnlySpan<byte> segment, out PhpShmHeader header)
    {
        if (segment.Length < HeaderSize)
        {
            header = default;
            return false;
        }
        ReadOnlySpan<long> words = MemoryMarshal.Cast<byte, long>(segment[..HeaderSize]);
        long start = words[1], end = words[2], free = words[3], total = words[4];
        header = new PhpShmHeader(start, end, free, total);
        return IsValidHeader64(words[0], start, end, free, total, segment.Length);
    }

    /// <summary>The checks of <see cref="CheckHeader"/> on the five words of a 64-bit header (the magic word first).</summary>
    public static bool IsValidHeader64(long magicWord, long start, long end, long free, long total, int segmentLength)
        => (((ulong)magicWord ^ MagicWord) & MagicMask) == 0
            && total >= HeaderSize && total <= segmentLength
            && start >= HeaderSize && start <= total
            && end >= start && end <= total
            && free >= 0 && free <= total - end;

    /// <summary>Finds the first chunk with <paramref name="key"/>, validating every chunk walked.</summary>
    public static bool TryFind(ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out Chunk chunk)
        => TryFind(SysvShmFormat.Php64, segment, header, key, out chunk);

    /// <inheritdoc cref="TryFind(ReadOnlySpan{byte}, in PhpShmHeader, long, out Chunk)"/>
    public static bool TryFind(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out Chunk chunk)
        => TryFind(f, segment, header, key, out chunk, out _);

    /// <summary>
    /// <see cref="TryFind(ReadOnlySpan{byte}, in PhpShmHeader, long, out Chunk)"/> that also
    /// says in <c>walked</c> how many chunks were passed before the answer (the cost of the walk).
    /// </summary>
    public static bool TryFind(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out Chunk chunk, out int walked)
    {
        walked = 0;
        if (f.Is32Bit) return TryFind32(segment, header, key, out chunk, ref walked);
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
                    walked++;
                    continue;
                }
            }
            TryReadChunk(SysvShmFormat.Php64, segment, header, pos, ProblemSink.Throwing, out _, out _); // throws for this chunk
            break;
        }
        chunk = default;
        return false;
    }

    // TryFind for 32-bit PHP's layout: 4-byte fields, 12 header bytes per chunk.
    private static bool TryFind32(ReadOnlySpan<byte> segment, in PhpShmHeader header, long key, out Chunk chunk, ref int walked)
    {
        const int head = SysvShmFormat.ChunkHeaderSize32;
        long end = header.End;
        if (end > segment.Length) end = segment.Length;
        long pos = header.Start;
        while (pos < end)
        {
            long room = end - pos;
            if (room >= head)
            {
                ReadOnlySpan<byte> at = segment.Slice((int)pos, head);
                long chunkKey = MemoryMarshal.Read<int>(at);
                long length = MemoryMarshal.Read<int>(at[4..]);
                long next = MemoryMarshal.Read<int>(at[8..]);
                if ((ulong)length <= (ulong)(room - head) && next >= head + length && next <= room)
                {
                    if (chunkKey == key)
                    {
                        chunk = new Chunk((int)pos, chunkKey, (int)length, (int)next, head);
                        return true;
                    }
                    pos += next;
                    walked++;
                    continue;
                }
            }
            TryReadChunk(SysvShmFormat.Php32, segment, header, pos, ProblemSink.Throwing, out _, out _); // throws for this chunk
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
    public static void Put(Span<byte> segment, long key, ReadOnlySpan<byte> data) => Put(SysvShmFormat.Php64, segment, key, data);

    /// <inheritdoc cref="Put(Span{byte}, long, ReadOnlySpan{byte})"/>
    /// <exception cref="ArgumentOutOfRangeException">32-bit layout: <paramref name="key"/> does not fit 32-bit PHP's int.</exception>
    public static void Put(in SysvShmFormat f, Span<byte> segment, long key, ReadOnlySpan<byte> data)
    {
        if (key < f.MinField || key > f.MaxField)
            throw new ArgumentOutOfRangeException(nameof(key), key, $"a variable key of a {f.Name} sysvshm segment is a {f.WordSize * 8}-bit PHP int ({f.MinField}..{f.MaxField})");
        PhpShmHeader header = ReadHeader(f, segment);
        long needed = f.ChunkSize(data.Length);
        bool exists = TryFind(f, segment, header, key, out Chunk old);
        long available = header.Free + (exists ? old.Next : 0);
        if (available < needed) throw new PhpShmFullException(null, key, needed, available);
        if (exists) header = RemoveAt(f, segment, header, old);

        // Invariants checked above: end + free <= total <= segment length, needed <= free.
        int pos = checked((int)header.End);
        f.Write(segment, pos, key);
        f.Write(segment, pos + f.WordSize, data.Length);
        f.Write(segment, pos + (2 * f.WordSize), needed);
        data.CopyTo(segment.Slice(pos + f.ChunkHeaderSize, data.Length));
        f.Write(segment, f.EndOffset, header.End + needed);
        f.Write(segment, f.FreeOffset, header.Free - needed);
    }

    /// <summary><c>shm_remove_var</c>: false when the key is not there.</summary>
    public static bool Remove(Span<byte> segment, long key) => Remove(SysvShmFormat.Php64, segment, key);

    /// <inheritdoc cref="Remove(Span{byte}, long)"/>
    public static bool Remove(in SysvShmFormat f, Span<byte> segment, long key)
    {
        PhpShmHeader header = ReadHeader(f, segment);
        if (!TryFind(f, segment, header, key, out Chunk chunk)) return false;
        RemoveAt(f, segment, header, chunk);
        return true;
    }

    /// <summary>All variable keys in segment order (duplicates as stored; PHP reads the first).</summary>
    public static List<long> Keys(ReadOnlySpan<byte> segment) => Keys(SysvShmFormat.Php64, segment);

    /// <inheritdoc cref="Keys(ReadOnlySpan{byte})"/>
    public static List<long> Keys(in SysvShmFormat f, ReadOnlySpan<byte> segment)
    {
        List<Chunk> chunks = Chunks(f, segment);
        var keys = new List<long>(chunks.Count);
        foreach (Chunk chunk in chunks) keys.Add(chunk.Key);
        return keys;
    }

    /// <summary>Every chunk in segment order, each validated; throws on the first problem.</summary>
    public static List<Chunk> Chunks(ReadOnlySpan<byte> segment) => Chunks(SysvShmFormat.Php64, segment);

    /// <inheritdoc cref="Chunks(ReadOnlySpan{byte})"/>
    public static List<Chunk> Chunks(in SysvShmFormat f, ReadOnlySpan<byte> segment)
        => Chunks(f, segment, ReadHeader(f, segment));

    /// <summary>
    /// Every chunk from <paramref name="header"/>'s start to its end, each validated against
    /// <paramref name="segment"/>, which may be a copy of just the first <c>end</c> bytes; the
    /// header must already have been validated against the segment it came from.
    /// </summary>
    public static List<Chunk> Chunks(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header)
    {
        if (header.End > segment.Length || header.Start > header.End || header.Start < f.HeaderSize)
            throw new PhpShmCorruptException(new PhpShmProblem("header.end", f.EndOffset, header.End.ToString(CultureInfo.InvariantCulture), $"{f.HeaderSize}..{segment.Length}"));
        var chunks = new List<Chunk>();
        long pos = header.Start;
        while (pos < header.End)
        {
            TryReadChunk(f, segment, header, pos, ProblemSink.Throwing, out Chunk chunk, out _);
            chunks.Add(chunk);
            pos += chunk.Next;
        }
        return chunks;
    }

    /// <summary>Checks the whole segment and reports every problem instead of stopping at the first.</summary>
    public static PhpShmValidationReport Validate(ReadOnlySpan<byte> segment) => Validate(SysvShmFormat.Php64, segment);

    /// <inheritdoc cref="Validate(ReadOnlySpan{byte})"/>
    public static PhpShmValidationReport Validate(in SysvShmFormat f, ReadOnlySpan<byte> segment)
    {
        var problems = new List<PhpShmProblem>();
        var sink = new ProblemSink(problems);
        bool headerOk = CheckHeader(f, segment, sink, out PhpShmHeader header);
        int count = 0;
        if (segment.Length < f.HeaderSize) return new PhpShmValidationReport(segment.Length, null, 0, problems, f.Layout);

        // Walk whatever part of the chain can be walked safely, even under a bad header.
        long start = header.Start, end = header.End;
        if (headerOk || (start >= f.HeaderSize && start <= end && end <= segment.Length))
        {
            long pos = start;
            while (pos < end)
            {
                bool chunkOk = TryReadChunk(f, segment, header, pos, sink, out Chunk chunk, out bool canContinue);
                if (chunkOk || canContinue) count++;
                if (!canContinue) break;
                pos += chunk.Next;
            }
        }
        return new PhpShmValidationReport(segment.Length, header, count, problems, f.Layout);
    }

    /// <summary>
    /// Validates the header against the segment length: magic, <c>H &lt;= total &lt;= size</c>,
    /// <c>H &lt;= start &lt;= total</c>, <c>start &lt;= end &lt;= total</c>, <c>0 &lt;= free &lt;= total - end</c>,
    /// where H is the layout's header size (40, or 24 for 32-bit PHP).
    /// </summary>
    private static bool CheckHeader(in SysvShmFormat f, ReadOnlySpan<byte> segment, ProblemSink sink, out PhpShmHeader header)
    {
        header = default;
        long size = segment.Length;
        int h = f.HeaderSize;
        string layout = f.Is32Bit ? " (32-bit layout)" : "";
        if (size < h)
        {
            sink.Report(new PhpShmProblem("segment size", 0, size.ToString(CultureInfo.InvariantCulture), $">= {h} (the {f.Name} sysvshm header)"));
            return false;
        }
        bool ok = true;
        if (!HasMagic(segment))
            ok = sink.Report(new PhpShmProblem("header.magic", 0, Convert.ToHexString(segment[..Magic.Length]), "50485F534D00 (\"PHP_SM\\0\")"));

        long start = f.Read(segment, f.StartOffset);
        long end = f.Read(segment, f.EndOffset);
        long free = f.Read(segment, f.FreeOffset);
        long total = f.Read(segment, f.TotalOffset);
        header = new PhpShmHeader(start, end, free, total);

        bool totalOk = total >= h && total <= size;
        if (!totalOk) ok = sink.Report(new PhpShmProblem("header.total", f.TotalOffset, total.ToString(CultureInfo.InvariantCulture), $"{h}..{size} (the segment size){layout}"));
        long limit = totalOk ? total : size;

        bool startOk = start >= h && start <= limit;
        if (!startOk) ok = sink.Report(new PhpShmProblem("header.start", f.StartOffset, start.ToString(CultureInfo.InvariantCulture), $"{h}..{limit}{layout}"));
        long low = startOk ? start : h;

        bool endOk = end >= low && end <= limit;
        if (!endOk) ok = sink.Report(new PhpShmProblem("header.end", f.EndOffset, end.ToString(CultureInfo.InvariantCulture), $"{low}..{limit}{layout}"));
        long room = limit - (endOk ? end : low);

        if (free < 0 || free > room) ok = sink.Report(new PhpShmProblem("header.free", f.FreeOffset, free.ToString(CultureInfo.InvariantCulture), $"0..{room} (total - end){layout}"));
        return ok;
    }

    /// <summary>
    /// The chunk at <paramref name="pos"/> when it is a valid chunk of <paramref name="key"/>
    /// holding exactly <paramref name="length"/> and <paramref name="next"/> (a cached position
    /// re-checked: the same bounds as a walk, plus the remembered fields).
    /// </summary>
    public static bool TryChunkAt(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, int pos, long key, int length, int next, out Chunk chunk)
    {
        chunk = default;
        int head = f.ChunkHeaderSize, w = f.WordSize;
        long end = Math.Min(header.End, segment.Length);
        if (pos < header.Start || pos > end - head) return false;
        if (f.Read(segment, pos) != key || f.Read(segment, pos + w) != length || f.Read(segment, pos + (2 * w)) != next) return false;
        long room = end - pos;
        if ((ulong)length > (ulong)(room - head) || next < head + (long)length || next > room) return false;
        chunk = new Chunk(pos, key, length, next, head);
        return true;
    }

    /// <summary>
    /// Reads the chunk at <paramref name="pos"/> (start &lt;= pos &lt; end, header valid):
    /// C header bytes before end, <c>0 &lt;= length &lt;= end - pos - C</c> and
    /// <c>C + length &lt;= next &lt;= end - pos</c>, where C is 24 (12 for 32-bit PHP). <paramref name="canContinue"/> tells whether
    /// <c>next</c> is usable to reach the following chunk.
    /// </summary>
    private static bool TryReadChunk(in SysvShmFormat f, ReadOnlySpan<byte> segment, in PhpShmHeader header, long pos, ProblemSink sink, out Chunk chunk, out bool canContinue)
    {
        chunk = default;
        canContinue = false;
        int head = f.ChunkHeaderSize, w = f.WordSize;
        long room = header.End - pos;
        if (room < head)
        {
            sink.Report(new PhpShmProblem("chunk header", pos, $"{room} byte(s) before header.end", $">= {head} bytes"));
            return false;
        }
        int at = (int)pos;
        long key = f.Read(segment, at);
        long length = f.Read(segment, at + w);
        long next = f.Read(segment, at + (2 * w));

        bool ok = true;
        long maxLength = room - head;
        bool lengthOk = length >= 0 && length <= maxLength;
        if (!lengthOk) ok = sink.Report(new PhpShmProblem("chunk.length", pos + w, length.ToString(CultureInfo.InvariantCulture), $"0..{maxLength} (key {key})"));

        long minNext = head + (lengthOk ? length : 0);
        canContinue = next >= minNext && next <= room;
        if (!canContinue) ok = sink.Report(new PhpShmProblem("chunk.next", pos + (2 * w), next.ToString(CultureInfo.InvariantCulture), $"{minNext}..{room} (key {key})"));

        chunk = new Chunk(at, key, lengthOk ? (int)length : 0, canContinue ? (int)next : 0, head);
        return ok;
    }

    /// <summary>PHP's <c>php_remove_shm_data</c>: <c>free += next</c>, <c>end -= next</c>, then memmove the tail down.</summary>
    private static PhpShmHeader RemoveAt(in SysvShmFormat f, Span<byte> segment, PhpShmHeader header, in Chunk chunk)
    {
        long tail = header.End - chunk.Offset - chunk.Next;
        var updated = header with { Free = header.Free + chunk.Next, End = header.End - chunk.Next };
        f.Write(segment, f.FreeOffset, updated.Free);
        f.Write(segment, f.EndOffset, updated.End);
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
        private readonly List<PhpShmProblem>? _problems;

        public ProblemSink(List<PhpShmProblem>? problems) => _problems = problems;

        /// <summary>Records the problem (or throws); returns false so callers can write <c>ok = sink.Report(...)</c>.</summary>
        public bool Report(PhpShmProblem problem)
        {
            if (_problems is null) throw new PhpShmCorruptException(problem);
            _problems.Add(problem);
            return false;
        }
    }
}
