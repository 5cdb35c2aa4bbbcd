using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace PhpShmCompat.Redis;

/// <summary>
/// A memory-mapped file that System V messages are received <em>into</em>: the kernel's
/// <c>msgrcv</c> writes each message straight into the file's page cache, so once the call
/// returns the message survives a <c>kill -9</c> of this process. Records stay until the stream
/// write that carries them is confirmed (<see cref="Acknowledge"/>); a restarted bridge finds the
/// unconfirmed ones with <see cref="Recover"/> and sends them again.
/// </summary>
/// <remarks>
/// <para>File layout (little-endian): a 64-byte header -- magic <c>PHPSHMJ1</c>, the offset of the
/// first unconfirmed record, the sequence number of the last confirmed record, a random journal
/// id -- then records, each 8-byte aligned: state (u32: 1 receiving, 2 received), length (i32:
/// the payload length once received, minus the payload room while receiving), sequence (u64),
/// then the message exactly as the kernel writes it: type (i64) and payload.</para>
/// <para>A record's sequence number is one more than the one before it, so recovery stops at the
/// first record that does not continue the run (an old record left by an earlier pass over the
/// file, or an empty one). A record killed between <c>msgrcv</c> returning and its length being
/// stored has state 1 and a non-zero type: its payload room was zero before the call, so the
/// length is where the trailing zero bytes begin (exact for every payload that does not end in a
/// zero byte, which includes every <c>serialize()</c> output).</para>
/// </remarks>
internal sealed unsafe class MessageJournal : IDisposable
{
    internal const int HeaderSize = 64;
    internal const int RecordHeaderSize = 16;
    internal const int TypeSize = 8;
    private const int StateReceiving = 1;
    private const int StateReceived = 2;
    private static ReadOnlySpan<byte> Magic => "PHPSHMJ1"u8;

    private readonly FileStream _file;
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _capacity;
    private long _writeOffset;
    private ulong _nextSeq;
    private long _highWater;
    private int _disposed;

    private MessageJournal(FileStream file, MemoryMappedFile map, MemoryMappedViewAccessor view, byte* @base, long capacity)
    {
        _file = file;
        _map = map;
        _view = view;
        _base = @base;
        _capacity = capacity;
    }

    /// <summary>The file's path.</summary>
    public string Path => _file.Name;

    /// <summary>A random id chosen when the file was created; part of every message's origin id.</summary>
    public ulong JournalId => BinaryPrimitives.ReadUInt64LittleEndian(Span(24, 8));

    /// <summary>How many bytes of payload room one record needs at most.</summary>
    public int PayloadRoom { get; private set; }

    /// <summary>Records received and not yet confirmed.</summary>
    public int Unconfirmed { get; private set; }

    /// <summary>
    /// Opens (or creates) the journal at <paramref name="path"/> with room for
    /// <paramref name="capacity"/> bytes. The file is locked for this process: two bridges must not
    /// share one journal.
    /// </summary>
    public static MessageJournal Open(string path, long capacity, int payloadRoom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(payloadRoom);
        long minimum = HeaderSize + (4L * RecordSize(payloadRoom));
        if (capacity < minimum)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"The journal needs at least {minimum} bytes for messages of up to {payloadRoom} bytes.");
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        MessageJournal? journal = null;
        try
        {
            if (file.Length > 0)
            {
                // Check before anything is changed: a file that is not a journal is not touched.
                Span<byte> magic = stackalloc byte[8];
                int n = file.Read(magic);
                file.Position = 0;
                if (n < 8 || !magic.SequenceEqual(Magic))
                    throw new InvalidDataException($"{path} is not a PhpShmCompat message journal (bad magic); refusing to overwrite it.");
            }
            bool fresh = file.Length < HeaderSize;
            if (file.Length < capacity) file.SetLength(capacity);
            capacity = file.Length;
            var map = MemoryMappedFile.CreateFromFile(file, null, capacity, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
            var view = map.CreateViewAccessor(0, capacity, MemoryMappedFileAccess.ReadWrite);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            journal = new MessageJournal(file, map, view, p, capacity) { PayloadRoom = payloadRoom };
            journal.Initialize(fresh);
            return journal;
        }
        catch
        {
            if (journal is not null) journal.Dispose();
            else file.Dispose();
            throw;
        }
    }

    private void Initialize(bool fresh)
    {
        Span<byte> header = Span(0, HeaderSize);
        if (fresh)
        {
            header.Clear();
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], HeaderSize);
            BinaryPrimitives.WriteUInt64LittleEndian(header[16..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)Random.Shared.NextInt64(1, long.MaxValue));
        }
        long acked = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        if (acked < HeaderSize || acked > _capacity || acked % 8 != 0)
            throw new InvalidDataException($"{Path}: first unconfirmed record offset {acked} is outside the file.");
        _writeOffset = acked;
        _nextSeq = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]) + 1;
        // A fresh file is all zeros; in an old one an earlier run may have written anywhere.
        _highWater = fresh ? HeaderSize : _capacity;
    }

    private static long RecordSize(int payloadLength) => RecordHeaderSize + TypeSize + Align8(payloadLength);

    private static long Align8(long n) => (n + 7) & ~7L;

    private Span<byte> Span(long offset, int length) => new(_base + offset, length);

    /// <summary>One record found again: where it is, its sequence number, type and payload.</summary>
    internal readonly record struct Record(long Offset, ulong Sequence, long Type, int Length, bool LengthInferred);

    /// <summary>
    /// The records a previous run received and never confirmed, in order; the journal's write
    /// position moves past them. Call once, before the first <see cref="ReceiveNext"/>.
    /// </summary>
    public List<Record> Recover()
    {
        var records = new List<Record>();
        long offset = _writeOffset;
        ulong expected = _nextSeq;
        while (offset + RecordHeaderSize + TypeSize <= _capacity)
        {
            Span<byte> head = Span(offset, RecordHeaderSize + TypeSize);
            uint state = BinaryPrimitives.ReadUInt32LittleEndian(head);
            int length = BinaryPrimitives.ReadInt32LittleEndian(head[4..]);
            ulong seq = BinaryPrimitives.ReadUInt64LittleEndian(head[8..]);
            long type = BinaryPrimitives.ReadInt64LittleEndian(head[16..]);
            if (seq != expected || type <= 0) break;
            bool inferred = false;
            if (state == StateReceiving && length < 0)
            {
                int room = -length;
                if (offset + RecordHeaderSize + TypeSize + room > _capacity) break;
                length = Span(offset + RecordHeaderSize + TypeSize, room).LastIndexOfAnyExcept((byte)0) + 1;
                BinaryPrimitives.WriteInt32LittleEndian(head[4..], length);
                BinaryPrimitives.WriteUInt32LittleEndian(head, StateReceived);
                inferred = true;
            }
            else if (state != StateReceived || length < 0 || offset + RecordSize(length) > _capacity)
            {
                break;
            }
            records.Add(new Record(offset, seq, type, length, inferred));
            offset += RecordSize(length);
            expected++;
        }
        _writeOffset = offset;
        _nextSeq = expected;
        Unconfirmed = records.Count;
        return records;
    }

    /// <summary>Whether one more message of up to <see cref="PayloadRoom"/> bytes fits now.</summary>
    public bool HasRoom
    {
        get
        {
            if (_writeOffset + RecordSize(PayloadRoom) <= _capacity) return true;
            if (Unconfirmed > 0) return false;
            Rewind();
            return true;
        }
    }

    // Every record is confirmed: start again at the front. The used part is zeroed first, so a
    // payload room is all zeros before the kernel writes into it.
    private void Rewind()
    {
        long end = Math.Min(_highWater, _capacity);
        NativeMemory.Clear(_base + HeaderSize, (nuint)(end - HeaderSize));
        _highWater = HeaderSize;
        _writeOffset = HeaderSize;
        BinaryPrimitives.WriteInt64LittleEndian(Span(8, 8), HeaderSize);
    }

    /// <summary>
    /// Receives one message into the next record through <paramref name="receive"/> (which gets
    /// the record's message buffer: type then payload room, and returns the payload length).
    /// Returns the record, or null when <paramref name="receive"/> returned a negative length
    /// (nothing taken).
    /// </summary>
    public Record? ReceiveNext(ReceiveIntoJournal receive, int room)
    {
        if (room <= 0 || room > PayloadRoom) throw new ArgumentOutOfRangeException(nameof(room));
        if (!HasRoom) throw new InvalidOperationException("The journal is full of unconfirmed messages.");
        long offset = _writeOffset;
        Span<byte> head = Span(offset, RecordHeaderSize + TypeSize);
        Span<byte> buffer = Span(offset + RecordHeaderSize, TypeSize + room);
        if (_highWater > offset) buffer.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(head[4..], -room);
        BinaryPrimitives.WriteUInt64LittleEndian(head[8..], _nextSeq);
        BinaryPrimitives.WriteUInt32LittleEndian(head, StateReceiving);
        int length = receive(buffer);
        if (length < 0)
        {
            head.Clear();
            return null;
        }
        BinaryPrimitives.WriteInt32LittleEndian(head[4..], length);
        BinaryPrimitives.WriteUInt32LittleEndian(head, StateReceived);
        long type = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        var record = new Record(offset, _nextSeq, type, length, LengthInferred: false);
        _writeOffset = offset + RecordSize(length);
        _highWater = Math.Max(_highWater, offset + RecordHeaderSize + TypeSize + length);
        _nextSeq++;
        Unconfirmed++;
        return record;
    }

    /// <summary>The payload of a record.</summary>
    public ReadOnlySpan<byte> Payload(in Record record) => Span(record.Offset + RecordHeaderSize + TypeSize, record.Length);

    /// <summary>
    /// Confirms every record up to and including <paramref name="last"/>: they are never sent again.
    /// </summary>
    public void Acknowledge(in Record last)
    {
        long next = last.Offset + RecordSize(last.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(Span(16, 8), last.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(Span(8, 8), next);
        Unconfirmed = checked((int)(_nextSeq - 1 - last.Sequence));
    }

    /// <summary>Writes the mapped pages to disk (<c>msync</c>): survives a machine crash, not only a killed process.</summary>
    public void Flush() => _view.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        _file.Dispose();
    }
}

/// <summary>Receives one message into a journal record's buffer (type then payload room); returns the payload length, or -1 for none.</summary>
internal delegate int ReceiveIntoJournal(Span<byte> messageBuffer);
