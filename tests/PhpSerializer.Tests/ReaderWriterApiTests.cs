using System.Buffers;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests;

/// <summary>The token-level reader and writer, and the sequence entry point.</summary>
public class ReaderWriterApiTests
{
    [Fact]
    public void ReaderYieldsTokensOffsetsAndSlotNumbers()
    {
        byte[] data = B("a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"x\";d:0.5;}s:1:\"k\";r:2;i:5;S:1:\"\\41\";}");
        var reader = new PhpSerializedReader(data);
        var seen = new List<string>();
        while (reader.Read())
        {
            string t = reader.TokenType switch
            {
                PhpTokenType.StartArray => $"[{reader.ElementCount}",
                PhpTokenType.StartObject => $"O {S(reader.ClassNameSpan.ToArray())} {reader.ElementCount}",
                PhpTokenType.IntKey => $"ik {reader.GetInt64()}",
                PhpTokenType.StringKey => $"sk {S(reader.GetBytes())}",
                PhpTokenType.Float => $"d {reader.GetDouble()}",
                PhpTokenType.String => $"s {S(reader.GetBytes())} esc={reader.ValueIsEscaped}",
                PhpTokenType.ObjectReference => $"r {reader.ReferenceId}",
                _ => reader.TokenType.ToString(),
            };
            seen.Add($"{t} @{reader.TokenStartIndex} #{reader.SlotNumber}");
        }
        Assert.Equal(new[]
        {
            "[3 @0 #1", "ik 0 @5 #0", "O stdClass 1 @9 #2", "sk x @27 #0", "d 0.5 @35 #3", "EndObject @41 #0",
            "sk k @42 #0", "r 2 @50 #4", "ik 5 @54 #0", "s A esc=True @58 #5", "EndArray @68 #0",
        }, seen);
        Assert.Equal(data.Length, reader.BytesConsumed);
        Assert.True(reader.IsFinished);
    }

    [Fact]
    public void ReaderSkipMovesPastAContainer()
    {
        var reader = new PhpSerializedReader(B("a:2:{i:0;a:1:{i:0;a:0:{}}i:1;b:1;}"));
        Assert.True(reader.Read());
        Assert.True(reader.Read()); // key 0
        Assert.True(reader.Read()); // inner array
        reader.Skip();
        Assert.Equal(PhpTokenType.EndArray, reader.TokenType);
        Assert.True(reader.Read());
        Assert.Equal(1, reader.GetInt64());
        Assert.True(reader.Read());
        Assert.True(reader.GetBoolean());
    }

    [Fact]
    public void WriterWritesTokensAndEnforcesCounts()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new PhpSerializedWriter(buffer);
        w.WriteStartArray(3);
        w.WriteInt(0);
        w.WriteStartObject("Foo", 1);
        w.WriteKey(new PhpProperty("p", 0L, PhpVisibility.Protected).Key);
        w.WriteFloat(1e25);
        w.WriteEndObject();
        w.WriteString("k");
        w.WriteObjectReference(2);
        w.WriteKey(7);
        w.WriteEnumCase("Suit", "Hearts");
        w.WriteEndArray();
        Assert.True(w.IsComplete);
        Assert.Equal("a:3:{i:0;O:3:\"Foo\":1:{s:4:\"\0*\0p\";d:1.0E+25;}s:1:\"k\";r:2;i:7;E:11:\"Suit:Hearts\";}", S(buffer.WrittenSpan.ToArray()));
        Assert.Equal(buffer.WrittenCount, w.BytesWritten);

        var w2 = new PhpSerializedWriter(new ArrayBufferWriter<byte>());
        w2.WriteStartArray(1);
        Assert.Throws<InvalidOperationException>(() => w2.WriteEndArray());
        Assert.Throws<InvalidOperationException>(() => w2.WriteNull()); // a key is expected
        Assert.Throws<PhpSerializationException>(() => new PhpSerializedWriter(new ArrayBufferWriter<byte>()).WriteStartObject("Bad-Name", 0));
    }

    [Fact]
    public void MultiSegmentSequencesAreRead()
    {
        byte[] data = B("a:2:{i:0;s:5:\"hello\";i:1;d:-0;}");
        var first = new Segment(data.AsMemory(0, 7));
        var last = first.Append(data.AsMemory(7, 9)).Append(data.AsMemory(16));
        var seq = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.False(seq.IsSingleSegment);
        Assert.Equal(PhpSerialization.Unserialize(data), PhpSerialization.Unserialize(seq));
        var reader = new PhpSerializedReader(seq);
        int tokens = 0;
        while (reader.Read()) tokens++;
        Assert.Equal(6, tokens);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
