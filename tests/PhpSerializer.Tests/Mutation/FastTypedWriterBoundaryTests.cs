using System.Buffers;
using System.Text;
using PhpSerializer.Tests.Mapping;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The fast path for mapped .NET values on its own: a value larger than the first attempt's
/// scratch is still handled up to the options' output limit exactly, and one byte less is left
/// to the general path (which throws the limit exception). Its bytes are the general path's.
/// </summary>
public class FastTypedWriterBoundaryTests
{
    private static List<string> Large() => [new string('a', 3000), "b", new string('c', 9000), "", new string('d', 20_000)];

    private static PhpConverter<List<string>> Converter(PhpSerializerOptions options)
        => options.GetConverterCache().GetConverter<List<string>>();

    [Fact]
    public void ALargeMappedValueIsHandledUpToTheOutputLimitExactlyWithTheGeneralPathsBytes()
    {
        byte[] general = PhpSerialization.SerializeGeneral(Large());
        Assert.True(general.Length > 16_384);

        var exact = new PhpSerializerOptions { MaxOutputBytes = general.Length };
        byte[]? fast = FastTreeWriter.TrySerializeTyped(Large(), Converter(exact), exact);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(general), Encoding.Latin1.GetString(fast));

        var under = new PhpSerializerOptions { MaxOutputBytes = general.Length - 1 };
        Assert.Null(FastTreeWriter.TrySerializeTyped(Large(), Converter(under), under));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(Large(), under));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void ALargeMappedValueGoesIntoABufferWriterInOnePieceUpToTheOutputLimit(int initialCapacity)
    {
        byte[] general = PhpSerialization.SerializeGeneral(Large());

        var exact = new PhpSerializerOptions { MaxOutputBytes = general.Length };
        var output = new ArrayBufferWriter<byte>(initialCapacity);
        Assert.True(FastTreeWriter.TrySerializeTyped(output, Large(), Converter(exact), exact));
        Assert.Equal(Encoding.Latin1.GetString(general), Encoding.Latin1.GetString(output.WrittenSpan));

        var under = new PhpSerializerOptions { MaxOutputBytes = general.Length - 1 };
        var refused = new ArrayBufferWriter<byte>(initialCapacity);
        Assert.False(FastTreeWriter.TrySerializeTyped(refused, Large(), Converter(under), under));
        Assert.Equal(0, refused.WrittenCount);
    }

    // A mapped object is met once: handled; the same instance twice needs r:n, the general path.
    [Fact]
    public void AMappedObjectMetOnceIsHandledAndMetTwiceIsNot()
    {
        var options = new PhpSerializerOptions();
        var entity = new Entity { EntityId = 7, CreatedBy = "me", Note = "n" };
        byte[]? fast = FastTreeWriter.TrySerializeTyped(entity, options.GetConverterCache().GetConverter<Entity>(), options);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(PhpSerialization.SerializeGeneral(entity)), Encoding.Latin1.GetString(fast));

        List<Entity> twice = [entity, entity];
        Assert.Null(FastTreeWriter.TrySerializeTyped(twice, options.GetConverterCache().GetConverter<List<Entity>>(), options));
    }

    [Fact]
    public void ASmallMappedValueIsHandledInTheFirstAttempt()
    {
        var options = new PhpSerializerOptions();
        List<string> value = ["x", "yz"];
        byte[]? fast = FastTreeWriter.TrySerializeTyped(value, Converter(options), options);
        Assert.NotNull(fast);
        Assert.Equal(Encoding.Latin1.GetString(PhpSerialization.SerializeGeneral(value)), Encoding.Latin1.GetString(fast));
    }

    // A converter of an open type writes only values of exactly that type; a derived one picks
    // its own converter on the general path.
    [Fact]
    public void AValueOfADerivedTypeIsLeftToTheGeneralPath()
    {
        var options = new PhpSerializerOptions();
        PhpConverter<Entity> converter = options.GetConverterCache().GetConverter<Entity>();
        Assert.Null(FastTreeWriter.TrySerializeTyped<Entity>(new Person { Name = "p" }, converter, options));
        Assert.Null(FastTreeWriter.TrySerializeTyped<Entity>(new Person(), converter, options));
        Assert.NotNull(FastTreeWriter.TrySerializeTyped<Entity>(new Entity(), converter, options));
        Assert.NotNull(FastTreeWriter.TrySerializeTyped<Entity?>(null, converter!, options));
    }

    // A string over MaxStringLength is refused as "not handled"; the pass must stop there, or a
    // later string that does not fit turns the verdict into "too small" and the caller would
    // try again with more room instead of leaving the value to the general path.
    [Fact]
    public void AStringOverTheLimitFollowedByOneThatDoesNotFitIsNotHandled()
    {
        var options = new PhpSerializerOptions { MaxStringLength = 10 };
        List<string> value = [new string('a', 11), new string('b', 10)];
        Span<byte> small = new byte[20]; // a:2:{i:0;i:1; and not s:10:"bbbbbbbbbb";
        Assert.Equal(FastTreeWriter.WriteStatus.NotHandled, FastTreeWriter.TryWriteTyped(value, Converter(options), options, small, out _));
        Assert.Null(FastTreeWriter.TrySerializeTyped(value, Converter(options), options));
    }

    // The per-thread scratch starts small on a new thread; a value larger than it is handled by
    // attempts into larger scratch (each "too small" grows it), not given up.
    [Fact]
    public void OnAFreshThreadAValueLargerThanTheFirstScratchIsHandled()
    {
        var options = new PhpSerializerOptions();
        List<string> value = [new string('x', 100_000), new string('y', 300_000)];
        byte[]? fast = null;
        var thread = new Thread(() => fast = FastTreeWriter.TrySerializeTyped(value, Converter(options), options));
        thread.Start();
        thread.Join();
        Assert.NotNull(fast);
        Assert.Equal(PhpSerialization.SerializeGeneral(value), fast);
    }

    private static byte[]? s_sink;

    // Once the thread has its scratch, a serialize allocates the returned array and nothing else:
    // the scratch and the memory of objects met are given back after every call.
    [Fact]
    public void ASerializeOnAWarmThreadAllocatesOnlyTheResult()
    {
        var options = new PhpSerializerOptions();
        PhpConverter<List<Entity>> converter = options.GetConverterCache().GetConverter<List<Entity>>();
        List<Entity> value = [new Entity { EntityId = 1, CreatedBy = "a" }, new Entity { EntityId = 2, Note = "n" }];
        byte[] first = FastTreeWriter.TrySerializeTyped(value, converter, options)!;
        s_sink = new byte[first.Length];

        long before = GC.GetAllocatedBytesForCurrentThread();
        s_sink = new byte[first.Length];
        long resultSize = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        s_sink = FastTreeWriter.TrySerializeTyped(value, converter, options);
        Assert.Equal(resultSize, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(first, s_sink);
    }

    // The same into a buffer writer whose span is too small for the first attempt: the value goes
    // through the scratch, which is given back, so the next call allocates nothing.
    [Fact]
    public void ASerializeThroughTheScratchIntoABufferWriterAllocatesNothingOnAWarmThread()
    {
        var options = new PhpSerializerOptions();
        List<string> value = [new string('a', 3000), new string('b', 3000)];
        var output = new SmallFirstSpanWriter(1 << 16);
        Assert.True(FastTreeWriter.TrySerializeTyped(output, value, Converter(options), options));
        int length = output.Written;
        output.Reset();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(FastTreeWriter.TrySerializeTyped(output, value, Converter(options), options));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(length, output.Written);
        Assert.Equal(PhpSerialization.SerializeGeneral(value), output.WrittenBytes);
    }

    // Gives 100 bytes when asked for any span, and what was asked for otherwise.
    private sealed class SmallFirstSpanWriter(int capacity) : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[capacity];
        public int Written { get; private set; }
        public byte[] WrittenBytes => _buffer.AsSpan(0, Written).ToArray();
        public void Reset() => Written = 0;
        public void Advance(int count) => Written += count;
        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Written, sizeHint == 0 ? 100 : sizeHint);
        public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Written, sizeHint == 0 ? 100 : sizeHint);
    }
}
