using System.Text;

namespace PhpSerializer.Tests.Mapping;

[PhpClass("Stream\\Rec")]
public sealed class StreamRec
{
    public long Id { get; set; }
    public int Small { get; set; }
    public byte Tiny { get; set; }
    public string Name { get; set; } = "";
    public string? Note { get; set; }
    public double Score { get; set; }
    public bool Active { get; set; }
    public int? Maybe { get; set; }
    public byte[] Blob { get; set; } = [];
    [PhpProperty(Visibility = PhpVisibility.Protected)] public List<string> Tags { get; set; } = [];
    public long[] Numbers { get; set; } = [];
    public StreamChild? Child { get; set; }
    public List<StreamChild> Children { get; set; } = [];
    public Dictionary<string, int> Scores { get; set; } = new();
    public PhpValue? Extra { get; set; }
    public decimal Money { get; set; }
    public int Computed => Small + 1; // written, never read
}

[PhpClass("Stream\\Child")]
public sealed class StreamChild
{
    [PhpProperty("x", Visibility = PhpVisibility.Private, DeclaringClass = "Stream\\Child")] public int X { get; set; }
    public required string Label { get; init; }
    public StreamChild? Next { get; set; }
}

/// <summary>
/// <see cref="PhpSerialization.Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/> reads
/// common input straight from the bytes and falls back to the value tree otherwise. Both paths
/// must give the same object graph or the same error (type, message, offset) for every input:
/// checked on random records, on their mutants, and on the cases that must fall back.
/// </summary>
public class StreamingDeserializeTests
{
    private static PhpSerializerOptions Options(bool strict = false)
        => new PhpSerializerOptions { ThrowOnUnknownProperties = strict }.RegisterClass<StreamRec>().RegisterClass<StreamChild>();

    private static readonly string[] Words = ["", "a", "Zoë", "nul\0byte", "5", "x y", "日本", "\"quoted\";"];

    private static StreamRec RandomRecord(Random rng)
    {
        string Word() => Words[rng.Next(Words.Length)];
        StreamChild Child(int depth) => new()
        {
            X = rng.Next(int.MinValue, int.MaxValue),
            Label = Word(),
            Next = depth > 0 && rng.Next(2) == 0 ? Child(depth - 1) : null,
        };
        var r = new StreamRec
        {
            Id = rng.NextInt64(long.MinValue, long.MaxValue),
            Small = rng.Next(-1000, 1000),
            Tiny = (byte)rng.Next(256),
            Name = Word(),
            Note = rng.Next(3) == 0 ? null : Word(),
            Score = new[] { 0.0, -0.0, 0.1, 1e25, 1e-5, double.PositiveInfinity, double.NaN, rng.NextDouble() * 1e6 }[rng.Next(8)],
            Active = rng.Next(2) == 1,
            Maybe = rng.Next(2) == 0 ? null : rng.Next(),
            Blob = Enumerable.Range(0, rng.Next(5)).Select(_ => (byte)rng.Next(256)).ToArray(),
            Numbers = Enumerable.Range(0, rng.Next(4)).Select(_ => rng.NextInt64()).ToArray(),
            Child = rng.Next(2) == 0 ? null : Child(2),
            Money = rng.Next(-10000, 10000) / 100m,
            Extra = rng.Next(3) switch { 0 => PhpNull.Instance, 1 => (PhpValue)(long)rng.Next(), _ => new PhpArray { { "k", Word() } } },
        };
        for (int i = rng.Next(4); i > 0; i--) r.Tags.Add(Word());
        for (int i = rng.Next(3); i > 0; i--) r.Children.Add(Child(1));
        for (int i = rng.Next(3); i > 0; i--) r.Scores[Word() + i] = rng.Next(-5, 5);
        return r;
    }

    /// <summary>Both paths give the same graph or the same error; returns whether the streaming path finished alone.</summary>
    private static bool AssertSameOutcome<T>(byte[] input, PhpSerializerOptions options)
    {
        object? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try { expected = PhpSerialization.DeserializeFromTree<T>(input, options); }
        catch (Exception e) { expectedError = e; }
        try { actual = PhpSerialization.Deserialize<T>(input, options); }
        catch (Exception e) { actualError = e; }
        string shown = PhpFrames.Show(input);
        if (expectedError is not null)
        {
            Assert.True(actualError is not null, $"tree path threw {expectedError.Message}, streaming returned a value for {shown}");
            Assert.Equal(expectedError.GetType(), actualError!.GetType());
            Assert.Equal(expectedError.Message, actualError.Message);
            if (expectedError is PhpSerializationException pe) Assert.Equal(pe.Offset, ((PhpSerializationException)actualError).Offset);
            Assert.False(PhpSerialization.TryDeserializeStreaming<T>(input, options, out _), $"streaming accepted input the tree path rejects: {shown}");
            return false;
        }
        Assert.True(actualError is null, $"streaming path threw {actualError?.Message} where the tree path succeeded for {shown}");
        GraphAssert.Equal(expected, actual);
        return PhpSerialization.TryDeserializeStreaming<T>(input, options, out _);
    }

    [Fact]
    public void RandomRecordsTakeTheStreamingPathAndEqualTheTreePath()
    {
        var options = Options();
        var rng = new Random(20261130);
        int streamed = 0;
        for (int i = 0; i < 2000; i++)
        {
            StreamRec record = RandomRecord(rng);
            byte[] bytes = PhpSerialization.Serialize(record, options);
            if (AssertSameOutcome<StreamRec>(bytes, options)) streamed++;
            GraphAssert.Equal(record, PhpSerialization.Deserialize<StreamRec>(bytes, options));
        }
        // Only NaN/INF scores or other fallbacks may leave the streaming path; most records must stay on it.
        Assert.True(streamed > 1500, $"only {streamed} of 2000 records were read by the streaming path");
    }

    [Fact]
    public void MutatedRecordsGiveTheSameValueOrTheSameErrorOnBothPaths()
    {
        var options = Options();
        var strict = Options(strict: true);
        var rng = new Random(77);
        var seeds = Enumerable.Range(0, 40).Select(_ => PhpSerialization.Serialize(RandomRecord(rng), options)).ToList();
        byte[] alphabet = "0123456789:;{}\"aisdbNOrRE-+.\0\xff"u8.ToArray();
        int streamed = 0, fellBack = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] m = (byte[])seeds[rng.Next(seeds.Count)].Clone();
            for (int k = rng.Next(1, 3); k > 0 && m.Length > 0; k--)
            {
                int at = rng.Next(m.Length);
                switch (rng.Next(3))
                {
                    case 0: m[at] = alphabet[rng.Next(alphabet.Length)]; break;
                    case 1: m = m.AsSpan(0, at).ToArray(); break;
                    default: m[at] = (byte)rng.Next(256); break;
                }
            }
            if (AssertSameOutcome<StreamRec>(m, i % 4 == 0 ? strict : options)) streamed++;
            else fellBack++;
        }
        Assert.True(streamed > 1000 && fellBack > 1000, $"streamed {streamed}, fell back {fellBack}: the mutants must exercise both paths");
    }

    public static TheoryData<string, bool> RecordCases => new()
    {
        // input (Latin-1: one char per byte), whether the streaming path may finish alone
        { "O:10:\"Stream\\Rec\":1:{s:2:\"Id\";i:5;}", true },
        { "O:10:\"stream\\REC\":1:{s:2:\"Id\";i:5;}", true },                         // class names ignore ASCII case
        { "O:10:\"Stream\\Rec\":1:{s:4:\"Tags\";a:1:{i:0;s:1:\"t\";}}", true },          // visibility differs: matched by name
        { "O:10:\"Stream\\Rec\":2:{s:2:\"Id\";i:5;s:2:\"Id\";i:6;}", false },          // duplicate key: the tree keeps the last value
        { "O:10:\"Stream\\Rec\":1:{s:7:\"Unknown\";a:0:{}}", true },                    // unknown property, ignored
        { "O:10:\"Stream\\Rec\":1:{s:2:\"Id\";N;}", false },                           // null into long
        { "O:10:\"Stream\\Rec\":1:{s:4:\"Tiny\";i:300;}", false },                     // out of range
        { "O:10:\"Stream\\Rec\":1:{s:4:\"Name\";s:1:\"\u00C3\";}", false },             // invalid UTF-8 (byte C3 alone)
        { "O:10:\"Stream\\Rec\":1:{s:5:\"Score\";i:3;}", true },                        // int into double
        { "O:10:\"Stream\\Rec\":1:{s:8:\"Computed\";i:3;}", true },                     // read-only member: value ignored
        { "O:10:\"Stream\\Rec\":1:{s:2:\"Id\";i:5;}trailing", true },                   // trailing bytes are allowed by default
        { "O:12:\"Stream\\Other\":0:{}", false },                                        // another class
        { "O:10:\"Stream\\Rec\":2:{s:5:\"Child\";O:12:\"Stream\\Child\":1:{s:5:\"Label\";s:1:\"a\";}s:8:\"Children\";a:1:{i:0;r:2;}}", false }, // reference
        { "O:10:\"Stream\\Rec\":1:{s:7:\"Numbers\";a:2:{i:0;i:1;i:2;i:2;}}", false },  // not a list
        { "O:10:\"Stream\\Rec\":1:{s:2:\"Id\";i:99999999999999999999;}", false },      // clamped by the general reader
        { "O:10:\"Stream\\Rec\":1:{s:2:\"Id\";i:5;", false },                          // truncated
        { "a:0:{}", false },
        { "N;", true },
    };

    [Theory]
    [MemberData(nameof(RecordCases))]
    public void RecordCasesAgreeWithTheTreePath(string text, bool streams)
        => Assert.Equal(streams, AssertSameOutcome<StreamRec>(Encoding.Latin1.GetBytes(text), Options()));

    [Theory]
    [InlineData("O:12:\"Stream\\Child\":1:{s:5:\"Label\";s:1:\"l\";}", true)]
    [InlineData("O:12:\"Stream\\Child\":2:{s:5:\"Label\";s:1:\"l\";s:15:\"\0Stream\\Child\0x\";i:-4;}", true)] // private key, exact
    [InlineData("O:12:\"Stream\\Child\":1:{s:1:\"x\";i:1;}", false)]                                                // required Label missing
    public void ChildCasesAgreeWithTheTreePath(string text, bool streams)
        => Assert.Equal(streams, AssertSameOutcome<StreamChild>(Encoding.Latin1.GetBytes(text), Options()));

    [Theory]
    [InlineData("O:15:\"App\\Model\\Point\":2:{s:1:\"X\";i:-7;s:1:\"Y\";i:300;}", true)]
    [InlineData("O:15:\"App\\Model\\Point\":1:{s:1:\"Y\";i:40000;}", false)] // short overflow
    [InlineData("O:15:\"App\\Model\\Point\":0:{}", true)]
    public void StructCasesAgreeWithTheTreePath(string text, bool streams)
    {
        var options = new PhpSerializerOptions().RegisterClass<Point>();
        Assert.Equal(streams, AssertSameOutcome<Point>(Encoding.Latin1.GetBytes(text), options));
        if (streams) Assert.Equal(PhpSerialization.DeserializeFromTree<Point>(Encoding.Latin1.GetBytes(text), options), PhpSerialization.Deserialize<Point>(Encoding.Latin1.GetBytes(text), options));
    }

    [Fact]
    public void UnknownPropertiesUnderThrowOnUnknownPropertiesFailTheSameWay()
    {
        byte[] input = "O:10:\"Stream\\Rec\":1:{s:7:\"Unknown\";i:1;}"u8.ToArray();
        Assert.False(AssertSameOutcome<StreamRec>(input, Options(strict: true)));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<StreamRec>(input, Options(strict: true)));
    }

    [Fact]
    public void HostileListCountsDoNotPreAllocate()
    {
        // Nested lists each claiming as many elements as the input could hold: the streaming path
        // shares the unserializer's element budget, so the claims cannot multiply.
        var sb = new StringBuilder();
        for (int i = 0; i < 100; i++) sb.Append("a:100000:{i:0;");
        byte[] input = Encoding.ASCII.GetBytes(sb.ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<List<List<List<List<long>>>>>(input));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "allocated more than 1 MB for a 1.5 KB input");
    }
}
