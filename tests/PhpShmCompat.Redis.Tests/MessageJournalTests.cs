using System.Buffers.Binary;

namespace PhpShmCompat.Redis.Tests;

/// <summary>The receive-into journal: what a restarted bridge finds after a kill at each step.</summary>
public sealed class MessageJournalTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"phpshm-journal-{Guid.NewGuid():N}");

    public void Dispose() => File.Delete(_path);

    private static int Write(Span<byte> buffer, long type, byte[] payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer, type);
        payload.CopyTo(buffer[8..]);
        return payload.Length;
    }

    [Fact]
    public void UnconfirmedRecordsComeBackInOrderAndConfirmedOnesDoNot()
    {
        using (var journal = MessageJournal.Open(_path, 1 << 16, 256))
        {
            Assert.Empty(journal.Recover());
            MessageJournal.Record a = journal.ReceiveNext(b => Write(b, 1, "i:1;"u8.ToArray()), 256)!.Value;
            journal.ReceiveNext(b => Write(b, 2, "i:2;"u8.ToArray()), 256);
            journal.ReceiveNext(b => Write(b, 3, "s:1:\"x\";"u8.ToArray()), 256);
            journal.Acknowledge(a);
            Assert.Equal(2, journal.Unconfirmed);
        }
        using var reopened = MessageJournal.Open(_path, 1 << 16, 256);
        List<MessageJournal.Record> records = reopened.Recover();
        Assert.Equal(new long[] { 2, 3 }, records.Select(r => r.Type));
        Assert.Equal("s:1:\"x\";", System.Text.Encoding.ASCII.GetString(reopened.Payload(records[1])));
        Assert.Equal(records[0].Sequence + 1, records[1].Sequence);
    }

    [Fact]
    public void AMessageTakenTheInstantBeforeAKillIsFoundWithItsLength()
    {
        using (var journal = MessageJournal.Open(_path, 1 << 16, 256))
        {
            journal.Recover();
            journal.ReceiveNext(b => Write(b, 1, "i:1;"u8.ToArray()), 256);
            // The kernel wrote the message, then the process died before the length was stored.
            Assert.Throws<DiesHere>(() => journal.ReceiveNext(b =>
            {
                Write(b, 5, "a:1:{i:0;s:2:\"hi\";}"u8.ToArray());
                throw new DiesHere();
            }, 256));
        }
        using var reopened = MessageJournal.Open(_path, 1 << 16, 256);
        List<MessageJournal.Record> records = reopened.Recover();
        Assert.Equal(2, records.Count);
        Assert.True(records[1].LengthInferred);
        Assert.Equal("a:1:{i:0;s:2:\"hi\";}", System.Text.Encoding.ASCII.GetString(reopened.Payload(records[1])));
    }

    [Fact]
    public void AKillWhileWaitingInMsgrcvLeavesNothingToSend()
    {
        using (var journal = MessageJournal.Open(_path, 1 << 16, 256))
        {
            journal.Recover();
            Assert.Throws<DiesHere>(() => journal.ReceiveNext(_ => throw new DiesHere(), 256));
        }
        using var reopened = MessageJournal.Open(_path, 1 << 16, 256);
        Assert.Empty(reopened.Recover());
    }

    [Fact]
    public void AFullJournalRefusesMoreUntilConfirmedThenStartsAgainAtTheFrontWithoutOldRecords()
    {
        using var journal = MessageJournal.Open(_path, MessageJournal.HeaderSize + (5 * 64), 40);
        journal.Recover();
        var taken = new List<MessageJournal.Record>();
        while (journal.HasRoom) taken.Add(journal.ReceiveNext(b => Write(b, 1, new byte[40].Select((_, i) => (byte)('a' + i % 26)).ToArray()), 40)!.Value);
        Assert.Equal(5, taken.Count);
        Assert.Throws<InvalidOperationException>(() => journal.ReceiveNext(b => Write(b, 1, [1]), 40));

        journal.Acknowledge(taken[^1]);
        Assert.True(journal.HasRoom);
        MessageJournal.Record again = journal.ReceiveNext(b => Write(b, 7, "N;"u8.ToArray()), 40)!.Value;
        Assert.Equal(MessageJournal.HeaderSize, again.Offset);
        journal.Dispose();

        using var reopened = MessageJournal.Open(_path, MessageJournal.HeaderSize + (5 * 64), 40);
        List<MessageJournal.Record> records = reopened.Recover();
        MessageJournal.Record only = Assert.Single(records);
        Assert.Equal(7, only.Type);
        Assert.Equal("N;", System.Text.Encoding.ASCII.GetString(reopened.Payload(only)));
    }

    [Fact]
    public void AFileThatIsNotAJournalIsLeftAlone()
    {
        File.WriteAllText(_path, "precious data that is not a journal, long enough to pass the header size check easily");
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => MessageJournal.Open(_path, 1 << 16, 256));
        Assert.Contains("not a PhpShmCompat message journal", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("precious", File.ReadAllText(_path), StringComparison.Ordinal);
    }

    private sealed class DiesHere : Exception;
}
