using System.Buffers;
using System.Text;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpSerializer.Tests.Hostile;

/// <summary>
/// Resource limits. Huge declared counts and lengths are rejected from the header
/// alone (before anything proportional to them is allocated); depth, element count, string
/// length and output size limits hold with their defaults and when set; the depth default
/// matches real PHP's <c>unserialize_max_depth</c>.
/// </summary>
public class ResourceLimitTests(ITestOutputHelper output)
{
    /// <summary>Bytes a rejection may allocate: the exception and its message, nothing proportional to the claim.</summary>
    private const long RejectionBudget = 16 * 1024;

    public static TheoryData<string, int> HugeClaims => new()
    {
        { "a:100000000:{}", 13 },
        { "a:100000000:{i:0;i:0;}", 13 },
        { "a:2147483648:{", 14 },
        { "a:9223372036854775807:{", 23 },
        { "a:18446744073709551616:{", 24 },
        { "O:8:\"stdClass\":100000000:{}", 24 },
        { "s:100000000:\"abc\";", 2 },
        { "S:100000000:\"abc\";", 2 },
        { "s:18446744073709551615:\"x\";", 2 },
        { "C:8:\"stdClass\":100000000:{}", 26 },
        { "O:100000000:\"stdClass\":0:{}", 2 },
        { "E:100000000:\"A:B\";", 2 },
        { "a:1:{i:0;a:100000000:{}}", 22 },
    };

    [Theory]
    [MemberData(nameof(HugeClaims))]
    public void HugeDeclaredSizesAreRejectedBeforeAllocating(string input, int offset)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(input);
        _ = Record.Exception(() => PhpSerialization.Unserialize("i:1;"u8)); // warm up (JIT, statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{input} -> {e.Message}; {allocated} bytes allocated");
        Assert.Equal(offset, e.Offset);
        Assert.True(allocated < RejectionBudget, $"{allocated} bytes allocated to reject {input}");
        // PHP rejects the same inputs.
        Assert.True(PhpRejects(bytes), $"php accepted {input}");
    }

    [Fact]
    public void NestedCountClaimsCannotAmplifyAllocation()
    {
        // Every level claims as many elements as the rest of the input could hold, then stops:
        // the builder must not pre-size each level for its claim.
        var sb = new StringBuilder();
        const int levels = 500;
        int remaining = levels * 40;
        for (int i = 0; i < levels; i++) sb.Append("a:").Append(remaining / 7).Append(":{i:0;");
        sb.Append('N', remaining);
        byte[] bytes = Encoding.ASCII.GetBytes(sb.ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{bytes.Length}-byte input claiming ~{remaining / 7} elements at each of {levels} levels: {allocated} bytes allocated");
        Assert.True(allocated <= UnserializeMutationTests.AllocationBudget(bytes.Length), $"{allocated} bytes for {bytes.Length} input bytes");
    }

    [Fact]
    public void DefaultDepthLimitIsPhps4096()
    {
        Assert.Equal(4096, new PhpSerializerOptions().MaxDepth);
        foreach (int depth in new[] { 4096, 4097 })
        {
            byte[] nested = Nested(depth);
            bool phpAccepts = !PhpRejects(nested);
            bool weAccept = Record.Exception(() => PhpSerialization.Unserialize(nested)) is null;
            output.WriteLine($"depth {depth}: php {(phpAccepts ? "accepts" : "rejects")}, we {(weAccept ? "accept" : "reject")}");
            Assert.Equal(phpAccepts, weAccept);
        }
        // Empty arrays do not count, as in PHP.
        Assert.IsType<PhpArray>(PhpSerialization.Unserialize(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a:1:{i:0;", 4096)) + "a:0:{}" + new string('}', 4096))));
    }

    [Fact]
    public void DepthLimitIsConfigurableAndDeepInputNeverOverflowsTheStack()
    {
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(Nested(11), new PhpSerializerOptions { MaxDepth = 10 }));
        Assert.Contains("depth", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<PhpArray>(PhpSerialization.Unserialize(Nested(10), new PhpSerializerOptions { MaxDepth = 10 }));

        // No limit: 200,000 levels must parse and re-serialize iteratively (a recursive
        // implementation would overflow the 1 MiB test thread stack).
        var unlimited = new PhpSerializerOptions { MaxDepth = 0 };
        byte[] deep = Nested(200_000);
        byte[] again = RunOnSmallStack(() => PhpSerialization.Serialize(PhpSerialization.Unserialize(deep, unlimited), unlimited));
        Assert.Equal(deep, again);
    }

    [Fact]
    public void ACyclicArrayIsWrittenWithPhpsRecursionGuard()
    {
        // Arrays are values in PHP, but one can hold itself through a reference, and serialize()
        // then writes the inner occurrence as N; -- a caller can build the cycle directly in .NET.
        var a = new PhpArray();
        a.Add(a);
        Assert.Equal("a:1:{i:0;N;}", Encoding.ASCII.GetString(RunOnSmallStack(() => PhpSerialization.Serialize(a))));
        var b = new PhpArray();
        var c = new PhpArray { { "b", b } };
        b.Add(c);
        Assert.Equal("a:1:{i:0;a:1:{s:1:\"b\";a:1:{i:0;N;}}}", Encoding.ASCII.GetString(RunOnSmallStack(() => PhpSerialization.Serialize(b))));
    }

    [Fact]
    public void MaxElementCountIsEnforcedOnArraysAndObjectsBeforeAllocating()
    {
        var options = new PhpSerializerOptions { MaxElementCount = 3 };
        Assert.IsType<PhpArray>(PhpSerialization.Unserialize("a:3:{i:0;N;i:1;N;i:2;N;}"u8, options));
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize("a:4:{i:0;N;i:1;N;i:2;N;i:3;N;}"u8, options));
        Assert.Equal(5, e.Offset); // just after the '{', where the input's own count checks report
        Assert.Contains("MaxElementCount", e.Message);
        e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize("O:8:\"stdClass\":4:{s:1:\"a\";N;s:1:\"b\";N;s:1:\"c\";N;s:1:\"d\";N;}"u8, options));
        Assert.Contains("MaxElementCount", e.Message);
    }

    [Fact]
    public void MaxStringLengthIsEnforcedOnStringsClassNamesAndPayloads()
    {
        var options = new PhpSerializerOptions { MaxStringLength = 4 };
        Assert.IsType<PhpString>(PhpSerialization.Unserialize("s:4:\"abcd\";"u8, options));
        foreach (string input in new[] { "s:5:\"abcde\";", "S:5:\"abcde\";", "a:1:{s:5:\"abcde\";N;}", "O:5:\"Abcde\":0:{}", "C:3:\"Foo\":5:{abcde}" })
        {
            var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(Encoding.ASCII.GetBytes(input), options));
            Assert.Contains("MaxStringLength", e.Message);
        }
    }

    [Fact]
    public void MaxOutputBytesStopsTheWriterWithATypedErrorAndNeverWritesPastIt()
    {
        var big = PhpArray.List(Enumerable.Range(0, 1000).Select(i => (PhpValue)new PhpInt(i)).ToArray());
        int full = PhpSerialization.Serialize(big).Length;
        var sink = new ArrayBufferWriter<byte>();
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(sink, big, new PhpSerializerOptions { MaxOutputBytes = full - 1 }));
        Assert.Contains("MaxOutputBytes", e.Message);
        Assert.True(sink.WrittenCount <= full - 1, $"{sink.WrittenCount} bytes written past the limit");
        Assert.Equal(full, PhpSerialization.Serialize(big, new PhpSerializerOptions { MaxOutputBytes = full }).Length);
    }

    [Fact]
    public void ASharedSubtreeCannotBlowUpTheOutputPastTheDefaultLimit()
    {
        // A .NET caller can share one PhpArray instance many times (PHP copies arrays by value,
        // so each occurrence is written out): 2^n amplification. The default MaxOutputBytes
        // (the most a byte[] can hold) must turn it into a typed error, not OutOfMemory.
        PhpValue v = new PhpString(new byte[1 << 20]);
        for (int i = 0; i < 12; i++) v = PhpArray.List(v, v); // 4096 x 1 MiB = 4 GiB of output
        var sink = new DiscardingWriter();
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(sink, v));
        Assert.Contains("MaxOutputBytes", e.Message);
        Assert.True(sink.Written <= Array.MaxLength);
    }

    [Fact]
    public void ManyIncompleteClassObjectsParseInLinearTime()
    {
        // Each __PHP_Incomplete_Class object carrying its name is renamed when it closes; that
        // must only touch its own slots, not every value numbered so far (quadratic: a 5 MB
        // segment of such objects took five minutes).
        const int n = 32_000;
        var sb = new StringBuilder($"a:{n}:{{");
        for (int i = 0; i < n; i++) sb.Append("i:").Append(i).Append(";O:22:\"__PHP_Incomplete_Class\":2:{s:27:\"__PHP_Incomplete_Class_Name\";s:1:\"A\";s:1:\"p\";i:1;}");
        sb.Append('}');
        byte[] bytes = Encoding.ASCII.GetBytes(sb.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var array = (PhpArray)PhpSerialization.Unserialize(bytes);
        output.WriteLine($"{n} incomplete-class objects ({bytes.Length} bytes) parsed in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var last = (PhpObject)array.Entries[n - 1].Value;
        Assert.Equal("A"u8.ToArray(), last.ClassNameBytes.ToArray());
        Assert.Equal("p", last.GetPropertyAt(0).Name);
    }

    [Fact]
    public void IntKeysChosenToCollideDoNotMakeArraysQuadratic()
    {
        // (i << 32) | i all have the same long.GetHashCode(); PHP hashes them apart (5 ms for 40,000).
        const int n = 100_000;
        var sb = new StringBuilder($"a:{n}:{{");
        for (long i = 1; i <= n; i++) sb.Append("i:").Append((i << 32) | i).Append(";N;");
        sb.Append('}');
        byte[] bytes = Encoding.ASCII.GetBytes(sb.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var array = (PhpArray)PhpSerialization.Unserialize(bytes);
        output.WriteLine($"{n} colliding int keys ({bytes.Length} bytes) parsed in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(n, array.Count);
        Assert.True(array.ContainsKey(PhpArrayKey.FromInt((5L << 32) | 5)));
    }

    [Fact]
    public void KeysAlikeButForTheMiddleDoNotMakeTheDocumentsKeyCheckQuadratic()
    {
        // "user_pfx:00000001:profile", ...: the same length, first and last eight bytes; the
        // document's duplicate-key check must still tell them apart without comparing each pair
        // (40,000 of them took 4 s when only the ends counted, against 9 ms).
        const int n = 100_000;
        var sb = new StringBuilder($"a:{n + 1}:{{");
        for (int i = 0; i < n; i++) sb.Append("s:25:\"user_pfx:").Append(i.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture)).Append(":profile\";N;");
        byte[] unique = Encoding.ASCII.GetBytes(sb.ToString() + "s:1:\"x\";N;}");
        byte[] repeated = Encoding.ASCII.GetBytes(sb.ToString() + "s:25:\"user_pfx:00054321:profile\";N;}");
        using PhpDocument document = PhpDocument.Create();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        document.Load(unique.AsMemory());
        output.WriteLine($"{n} keys alike but for the middle ({unique.Length} bytes) indexed in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.True(document.IsIndexed);
        Assert.Equal(n + 1, document.RootElement.GetCount());

        // The same keys with one repeated at the end: found, and left to the value model.
        document.Load(repeated.AsMemory());
        Assert.False(document.IsIndexed);
        Assert.Equal(n, document.RootElement.GetCount());
    }

    private static byte[] Nested(int depth) => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a:1:{i:0;", depth)) + "N;" + new string('}', depth));

    private static bool PhpRejects(byte[] input)
    {
        PhpResult r = PhpRunner.RunCode("$s = stream_get_contents(STDIN); echo @unserialize($s) === false && $s !== 'b:0;' ? 'rejected' : 'accepted';", input).EnsureSuccess();
        return r.StdoutText == "rejected";
    }

    private static T RunOnSmallStack<T>(Func<T> work)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        return result!;
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that counts and forgets (no memory grows with the output).</summary>
    private sealed class DiscardingWriter : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[1 << 21];

        public long Written { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.Length >= sizeHint ? _buffer : new byte[sizeHint];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
