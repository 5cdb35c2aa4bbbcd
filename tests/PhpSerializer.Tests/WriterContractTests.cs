using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests;

/// <summary>
/// The token writer's contract: what it refuses (with which message, before writing anything),
/// when it is complete, its limits, and the exact bytes of its less common tokens.
/// </summary>
public class WriterContractTests
{
    private static (PhpSerializedWriter Writer, ArrayBufferWriter<byte> Output) New(PhpSerializerOptions? options = null)
    {
        var output = new ArrayBufferWriter<byte>();
        return (new PhpSerializedWriter(output, options), output);
    }

    private static string Text(ArrayBufferWriter<byte> output) => Encoding.UTF8.GetString(output.WrittenSpan);

    private static void Refused(Action call, string message)
        => Assert.Equal(message, Assert.Throws<InvalidOperationException>(call).Message);

    [Fact]
    public void OutOfOrderCallsAreRefusedWithTheirReason()
    {
        var (w, output) = New();
        Refused(() => w.WriteKey(PhpArrayKey.FromInt(0)), "Keys can only be written inside an array or object.");
        Refused(w.WriteEndArray, "No open array or object.");
        Refused(w.WriteEndObject, "No open array or object.");
        Assert.Equal(0, w.BytesWritten);

        w.WriteStartArray(1);
        Refused(w.WriteNull, "A key is expected here, not a value.");
        Refused(w.WriteEndObject, "The open container is an array.");
        w.WriteKey(PhpArrayKey.FromInt(0));
        Refused(() => w.WriteKey(PhpArrayKey.FromInt(1)), "A value is expected here, not a key.");
        Refused(w.WriteEndArray, "1 declared element(s) were not written."); // a key without its value
        w.WriteInt(5);
        Refused(() => w.WriteKey(PhpArrayKey.FromInt(1)), "More elements than the declared count.");
        Assert.False(w.IsComplete);
        w.WriteEndArray();
        Assert.True(w.IsComplete);
        Refused(w.WriteNull, "A complete value has already been written.");
        Assert.Equal("a:1:{i:0;i:5;}", Text(output));
    }

    [Fact]
    public void ClosingAnObjectEarlyOrAsAnArrayIsRefused()
    {
        var (w, output) = New();
        w.WriteStartObject("Foo", 2);
        Refused(w.WriteEndArray, "The open container is an object.");
        w.WriteKey(PhpArrayKey.FromString("a"));
        w.WriteBool(true);
        Refused(w.WriteEndObject, "1 declared element(s) were not written.");
        w.WriteKey(PhpArrayKey.FromString("b"));
        w.WriteString("x");
        w.WriteEndObject();
        Assert.Equal("O:3:\"Foo\":2:{s:1:\"a\";b:1;s:1:\"b\";s:1:\"x\";}", Text(output));
    }

    [Fact]
    public void CompleteOnlyAfterTheRootValueAndEveryContainerClosed()
    {
        var (w, _) = New();
        Assert.False(w.IsComplete);
        w.WriteStartArray(0);
        Assert.False(w.IsComplete);
        w.WriteEndArray();
        Assert.True(w.IsComplete);
        var (scalar, output) = New();
        scalar.WriteInt(-3);
        Assert.True(scalar.IsComplete);
        Assert.Equal("i:-3;", Text(output));
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var (w, _) = New();
        Assert.Throws<ArgumentNullException>(() => w.WriteString((string)null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteStartArray(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteStartObject("Foo", -1));
        Assert.Throws<ArgumentNullException>(() => w.WriteStartObject((string)null!, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteObjectReference(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteValueReference(0));
        foreach (string bad in new[] { "Foo", ":Case", "Foo:", "" })
        {
            var ex = Assert.Throws<ArgumentException>(() => w.WriteEnumCase(Encoding.UTF8.GetBytes(bad)));
            Assert.Equal("classColonCase", ex.ParamName);
            Assert.Contains("Enum case must be 'Class:Case'.", ex.Message);
        }
        Assert.Equal("className", Assert.Throws<ArgumentNullException>(() => w.WriteEnumCase(null!, "Case")).ParamName);
        Assert.Equal("caseName", Assert.Throws<ArgumentNullException>(() => w.WriteEnumCase("Suit", null!)).ParamName);
        Assert.Throws<PhpSerializationException>(() => w.WriteSerializable("not a class"u8, "x"u8));
        Assert.Throws<PhpSerializationException>(() => w.WriteStartObject("\\Lead", 0)); // PHP refuses a leading backslash
        Assert.Equal(0, w.BytesWritten);
        Assert.False(w.IsComplete); // nothing refused counted as the root value
    }

    [Theory]
    [InlineData("r", 1, "r:1;")]
    [InlineData("R", 1, "R:1;")]
    [InlineData("r", long.MaxValue, "r:9223372036854775807;")]
    public void ReferencesAreWrittenWithTheirSlot(string kind, long slot, string expected)
    {
        var (w, output) = New();
        if (kind == "r") w.WriteObjectReference(slot); else w.WriteValueReference(slot);
        Assert.Equal(expected, Text(output));
    }

    [Fact]
    public void EnumCasesAndSerializablePayloadsAreWrittenAsPhpDoes()
    {
        var (w, output) = New();
        w.WriteStartArray(2);
        w.WriteKey(PhpArrayKey.FromInt(0));
        w.WriteEnumCase("A", "B");
        w.WriteKey(PhpArrayKey.FromInt(1));
        w.WriteSerializable("Ser"u8, "x:i:1;"u8);
        w.WriteEndArray();
        Assert.Equal("a:2:{i:0;E:3:\"A:B\";i:1;C:3:\"Ser\":6:{x:i:1;}}", Text(output));
    }

    [Fact]
    public void StringLimitsCoverClassNamesAndPayloads()
    {
        var options = new PhpSerializerOptions { MaxStringLength = 3 };
        var (w, _) = New(options);
        Assert.Throws<PhpSerializationException>(() => w.WriteStartObject("Long", 0));
        Assert.Throws<PhpSerializationException>(() => w.WriteSerializable("Abc"u8, "1234"u8));
        Assert.Equal(0, w.BytesWritten);
        Assert.False(w.IsComplete); // a refused class name or payload is checked before anything is written
        w.WriteSerializable("Abc"u8, "123"u8);
        Assert.True(w.IsComplete);
    }

    [Fact]
    public void TheOutputLimitCountsEveryByte()
    {
        var (w, output) = New(new PhpSerializerOptions { MaxOutputBytes = 5 });
        w.WriteStartArray(0); // "a:0:{" is exactly 5 bytes
        var ex = Assert.Throws<PhpSerializationException>(w.WriteEndArray);
        Assert.Contains("MaxOutputBytes 5", ex.Message);
        Assert.Equal("a:0:{", Text(output));

        var (i, ints) = New(new PhpSerializerOptions { MaxOutputBytes = 3 });
        Assert.Throws<PhpSerializationException>(() => i.WriteInt(5)); // "i:5;" is one byte too many
        Assert.Equal(0, ints.WrittenCount);

        var (c, _) = New(new PhpSerializerOptions { MaxOutputBytes = 12 });
        Assert.Throws<PhpSerializationException>(() => c.WriteSerializable("A"u8, "12345"u8)); // C:1:"A":5:{ fits, the payload does not
    }

    [Theory]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(300_000)]
    public void LongStringsAreWholeWithExactReservations(int length)
    {
        // The output hands out exactly the span asked for, so a short reservation fails.
        var output = new ExactSpanWriter();
        var w = new PhpSerializedWriter(output);
        byte[] body = new byte[length];
        new Random(length).NextBytes(body);
        w.WriteString(body);
        byte[] head = Encoding.ASCII.GetBytes($"s:{length}:\"");
        Assert.Equal([.. head, .. body, (byte)'"', (byte)';'], output.Written);
        Assert.True(output.LargestRequest <= Math.Max(length + 16, 64 * 1024 + 16) && (length <= 64 * 1024 || output.LargestRequest <= 64 * 1024 + 16 || output.LargestRequest == length),
            $"asked for {output.LargestRequest} bytes at once");
    }

    private sealed class ExactSpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = new();
        private byte[] _current = [];

        public byte[] Written => _written.ToArray();

        public int LargestRequest { get; private set; }

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => Get(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Get(sizeHint);

        private byte[] Get(int sizeHint)
        {
            LargestRequest = Math.Max(LargestRequest, sizeHint);
            return _current = new byte[Math.Max(sizeHint, 1)];
        }
    }
}
