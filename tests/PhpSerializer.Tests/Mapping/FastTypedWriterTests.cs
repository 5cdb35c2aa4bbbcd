using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests.Mapping;

/// <summary>
/// <see cref="PhpSerialization.Serialize{T}(T, PhpSerializerOptions?)"/> writes common mapped
/// graphs straight into a span and leaves the rest (repeated objects, runtime subtypes, custom
/// converters, limits) to the general writer. Both must produce the same bytes, or the same error,
/// for every graph: checked on random records, with and without shared children, into arrays and
/// into buffer writers of every size.
/// </summary>
public class FastTypedWriterTests
{
    private static PhpSerializerOptions Options()
        => new PhpSerializerOptions().RegisterClass<StreamRec>().RegisterClass<StreamChild>();

    private static bool TakesFastPath<T>(T value, PhpSerializerOptions options)
        => FastTreeWriter.TrySerializeTyped(value, options.GetConverterCache().GetConverter<T>(), options) is not null;

    private static StreamRec RandomRecord(Random rng, bool share)
    {
        string[] words = ["", "a", "Zoë", "nul\0byte", "5", "日本", "\"q\";", "\uD800 lone surrogate"];
        string Word() => words[rng.Next(words.Length)];
        StreamChild Child() => new() { X = rng.Next(), Label = Word() };
        var r = new StreamRec
        {
            Id = rng.NextInt64(long.MinValue, long.MaxValue),
            Small = rng.Next(-1000, 1000),
            Tiny = (byte)rng.Next(256),
            Name = Word() + new string('x', rng.Next(3) == 0 ? rng.Next(5000) : 0),
            Note = rng.Next(3) == 0 ? null : Word(),
            Score = new[] { 0.0, -0.0, 0.1, 1e25, 1e-5, double.NegativeInfinity, double.NaN, rng.NextDouble() * 1e6, 1.0 / 3 }[rng.Next(9)],
            Active = rng.Next(2) == 1,
            Maybe = rng.Next(2) == 0 ? null : rng.Next(),
            Blob = Enumerable.Range(0, rng.Next(5)).Select(_ => (byte)rng.Next(256)).ToArray(),
            Numbers = Enumerable.Range(0, rng.Next(4)).Select(_ => rng.NextInt64()).ToArray(),
            Child = rng.Next(2) == 0 ? null : Child(),
            Money = rng.Next(-10000, 10000) / 100m,
            Extra = rng.Next(3) switch { 0 => PhpNull.Instance, 1 => (PhpValue)(long)rng.Next(), _ => new PhpArray { { "k", Word() }, { 3, new PhpObject("stdClass") { { "p", 1.5 } } } } },
        };
        for (int i = rng.Next(4); i > 0; i--) r.Tags.Add(Word());
        for (int i = rng.Next(3); i > 0; i--) r.Children.Add(Child());
        for (int i = rng.Next(3); i > 0; i--) r.Scores[Word() + i] = rng.Next(-5, 5);
        if (share && r.Child is not null) r.Children.Add(r.Child); // the same object twice: r:n, general path
        return r;
    }

    [Fact]
    public void RandomRecordsGiveTheGeneralWritersBytes()
    {
        var options = Options();
        var rng = new Random(5150);
        int fast = 0, general = 0;
        for (int i = 0; i < 3000; i++)
        {
            StreamRec record = RandomRecord(rng, share: i % 5 == 0);
            byte[] expected = PhpSerialization.SerializeGeneral(record, options);
            byte[] actual = PhpSerialization.Serialize(record, options);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"#{i}\n general: {PhpFrames.Show(expected)}\n    fast: {PhpFrames.Show(actual)}");
            var buffer = new ArrayBufferWriter<byte>(1 + rng.Next(600)); // also when the writer's first span is too small
            PhpSerialization.Serialize(buffer, record, options);
            Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan), $"#{i} via IBufferWriter");
            if (TakesFastPath(record, options)) fast++;
            else general++;
        }
        Assert.True(fast > 2000 && general > 300, $"fast {fast}, general {general}: both paths must be exercised");
    }

    [Fact]
    public void SharedAndCyclicObjectsTakeTheGeneralPathAndNumberLikeIt()
    {
        var options = Options();
        var child = new StreamChild { X = 1, Label = "c" };
        child.Next = child;
        var rec = new StreamRec { Child = child, Children = [child] };
        Assert.False(TakesFastPath(rec, options));
        Assert.Equal(PhpSerialization.SerializeGeneral(rec, options), PhpSerialization.Serialize(rec, options));
        Assert.Contains("r:", Encoding.UTF8.GetString(PhpSerialization.Serialize(rec, options)));
    }

    [Fact]
    public void LimitsFailTheSameWayOnBothPaths()
    {
        var rec = new StreamRec { Name = new string('n', 300), Children = [new() { Label = "a", Next = new() { Label = "b" } }] };
        foreach (var options in new[]
        {
            new PhpSerializerOptions { MaxStringLength = 100 }.RegisterClass<StreamRec>().RegisterClass<StreamChild>(),
            new PhpSerializerOptions { MaxDepth = 2 }.RegisterClass<StreamRec>().RegisterClass<StreamChild>(),
            new PhpSerializerOptions { MaxOutputBytes = 200 }.RegisterClass<StreamRec>().RegisterClass<StreamChild>(),
        })
        {
            var general = Assert.Throws<PhpSerializationException>(() => PhpSerialization.SerializeGeneral(rec, options));
            var actual = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(rec, options));
            Assert.Equal(general.Message, actual.Message);
            var buffer = new ArrayBufferWriter<byte>();
            Assert.Equal(general.Message, Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(buffer, rec, options)).Message);
        }
    }

    [Fact]
    public void LargeValuesGrowTheScratchAndKeepTheBytes()
    {
        var options = Options();
        var rec = new StreamRec
        {
            Name = new string('é', 300_000),
            Tags = Enumerable.Range(0, 5000).Select(i => "tag" + i).ToList(),
            Blob = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray(), // past the general writer's single-reservation size
        };
        Assert.True(TakesFastPath(rec, options));
        Assert.Equal(PhpSerialization.SerializeGeneral(rec, options), PhpSerialization.Serialize(rec, options));
    }
}
