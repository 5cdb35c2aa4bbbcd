using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The fast serialize path on its own, at each limit it checks: up to the limit a tree is
/// handled (written in one pass, with the general path's bytes, and measured exactly), one step
/// past it the tree is left to the general path. Through <c>Serialize</c> both give the same
/// bytes, so a fast path that declines too early is seen only here.
/// </summary>
public class FastTreeWriterBoundaryTests
{
    private static byte[] General(PhpValue value, PhpSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        PhpSerialization.SerializeGeneral(buffer, value, options);
        return buffer.WrittenSpan.ToArray();
    }

    private const int GuardBytes = 16;
    private const byte Guard = 0xA5;

    // The destination is the first room bytes of a larger array: the bytes after it must be left
    // as they were (the writer checks its room once per token and then writes without bounds checks).
    private static FastTreeWriter.WriteStatus Write(PhpValue value, PhpSerializerOptions options, int room, out byte[] bytes)
    {
        var memory = new byte[room + GuardBytes];
        memory.AsSpan(room).Fill(Guard);
        var status = FastTreeWriter.TryWrite(value, options, memory.AsSpan(0, room), out int written);
        Assert.True(memory.AsSpan(room).IndexOfAnyExcept(Guard) < 0, $"written past a destination of {room} bytes");
        Assert.InRange(written, 0, room);
        bytes = memory[..written];
        return status;
    }

    // Handled: written in one pass as the general path writes it, measured exactly, also into a
    // destination of exactly that size and under a limit of exactly that size; one byte less is
    // too small, not "not handled".
    private static void AssertHandled(PhpValue value, PhpSerializerOptions options)
    {
        byte[] expected = General(value, options);
        Assert.Equal(FastTreeWriter.WriteStatus.Done, Write(value, options, expected.Length + 64, out byte[] bytes));
        Assert.Equal(Encoding.Latin1.GetString(expected), Encoding.Latin1.GetString(bytes));
        Assert.Equal(FastTreeWriter.WriteStatus.Done, Write(value, options, expected.Length, out bytes));
        Assert.Equal(expected.Length, bytes.Length);
        if (expected.Length > 0)
            Assert.Equal(FastTreeWriter.WriteStatus.TooSmall, Write(value, options, expected.Length - 1, out _));

        Assert.True(FastTreeWriter.TryMeasure(value, options, expected.Length, out var measure));
        Assert.True(measure.Exact);
        Assert.Equal(expected.Length, measure.Size);
        Assert.False(FastTreeWriter.TryMeasure(value, options, expected.Length - 1, out _));
    }

    private static void AssertNotHandled(PhpValue value, PhpSerializerOptions options)
    {
        Assert.Equal(FastTreeWriter.WriteStatus.NotHandled, Write(value, options, 1 << 16, out _));
        Assert.False(FastTreeWriter.TryMeasure(value, options, Array.MaxLength, out _));
        Assert.Null(FastTreeWriter.TrySerialize(value, options));
    }

    // levels non-empty containers, one inside the other (arrays, or arrays and objects in turn),
    // around an empty container, which opens nothing for the limits.
    private static PhpValue Nest(int levels, bool objects, PhpValue? innermost = null)
    {
        PhpValue v = innermost ?? new PhpArray();
        for (int i = 0; i < levels; i++)
            v = objects && i % 2 == 1 ? new PhpObject("N") { { "c", v } } : new PhpArray { { i, v } };
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TreesUpToTheDepthLimitAreHandledAndOneLevelMoreIsNot(bool objects)
    {
        foreach (int max in new[] { 1, 2, 5 })
        {
            var options = new PhpSerializerOptions { MaxDepth = max };
            AssertHandled(Nest(max, objects), options);
            AssertHandled(Nest(max, objects, new PhpObject("E")), options);
            AssertNotHandled(Nest(max + 1, objects), options);
            AssertNotHandled(Nest(max, objects, PhpArray.List(1L)), options);
            AssertNotHandled(Nest(max, objects, new PhpObject("E") { { "x", 1L } }), options);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TreesUpToTheRecursionCapAreHandledAndOneLevelMoreIsNot(bool objects)
    {
        var options = new PhpSerializerOptions { MaxDepth = 0 };
        AssertHandled(Nest(FastTreeWriter.MaxRecursion, objects), options);
        AssertNotHandled(Nest(FastTreeWriter.MaxRecursion + 1, objects), options);
        AssertHandled(Nest(FastTreeWriter.MaxRecursion, objects), new PhpSerializerOptions());
    }

    [Fact]
    public void StringsKeysAndClassNamesOfTheMaximumLengthAreHandledAndOneByteMoreIsNot()
    {
        var options = new PhpSerializerOptions { MaxStringLength = 4 };
        AssertHandled(PhpArray.List("abcd"), options);
        AssertHandled(new PhpString("abcd"), options);
        AssertHandled(new PhpArray { { "abcd", 1L } }, options);
        AssertHandled(new PhpObject("Abcd") { { "wxyz", "1234" } }, options);
        AssertHandled(new PhpObject("Abcd"), options);

        AssertNotHandled(PhpArray.List("abcde"), options);
        AssertNotHandled(new PhpString("abcde"), options);
        AssertNotHandled(new PhpArray { { "abcde", 1L } }, options);
        AssertNotHandled(new PhpObject("Abcd") { { "vwxyz", 1L } }, options);
        AssertNotHandled(new PhpObject("Abcde"), options);
    }

    // The object met again is the 17th (the first one the set holds) or a repeat of it.
    [Theory]
    [InlineData(16, 0)]
    [InlineData(16, 15)]
    [InlineData(17, 16)]
    [InlineData(18, 16)]
    public void AnObjectMetAgainAfterTheFirstSixteenIsNotHandled(int distinct, int repeat)
    {
        var objects = Enumerable.Range(0, distinct).Select(i => new PhpObject("O") { { "i", (long)i } }).ToList();
        var list = new PhpArray();
        foreach (var o in objects) list.Add(o);
        AssertHandled(list, new PhpSerializerOptions());
        list.Add(objects[repeat]);
        AssertNotHandled(list, new PhpSerializerOptions());
    }

    // Each short token that does not fit ends the pass as "too small" there, even when a value
    // the fast path does not handle follows it: the pass stops at the first reason.
    [Fact]
    public void EveryShortTokenThatDoesNotFitEndsThePassThere()
    {
        var options = new PhpSerializerOptions();
        PhpValue unhandled = new PhpReference(new PhpInt(1));
        var tens = new PhpArray();
        for (int i = 0; i < 10; i++) tens.Add(PhpNull.Instance);
        var tokens = new (PhpValue Value, int Size)[]
        {
            (PhpArray.List(1L), 5),       // a:1:{
            (tens, 6),                    // a:10:{
            (new PhpArray(), 6),          // a:0:{ fits, } does not
            (PhpBool.True, 4),
            (PhpNull.Instance, 2),
            (7L, 4),
            (42L, 5),
            ("abc", 10),
            ("abcdefghijkl", 20),
            (new PhpObject("O"), 12),     // O:1:"O":0:{ fits, } does not
            (new PhpObject("Obj"), 13),   // O:3:"Obj":0:{
        };
        foreach (var (value, size) in tokens)
        {
            // a:2:{i:0; (9 bytes), then the token with one byte too few
            var status = Write(PhpArray.List(value, unhandled), options, 9 + size - 1, out _);
            Assert.True(status == FastTreeWriter.WriteStatus.TooSmall, $"{PhpSerialization.Serialize(value).Length} byte token: {status}");
        }
    }

    // The objects a pass meets are remembered on its own stack, past sixteen in a per-thread set
    // that is emptied when the pass ends: nothing of the caller's is kept alive by a serialize.
    [Fact]
    public void TheObjectsOfAPassAreNotKeptAliveAfterIt()
    {
        WeakReference[] written = SerializeObjects(40);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(written, w => Assert.False(w.IsAlive));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference[] SerializeObjects(int count)
    {
        var list = new PhpArray();
        for (int i = 0; i < count; i++) list.Add(new PhpObject("O") { { "i", (long)i } });
        Assert.Equal(FastTreeWriter.WriteStatus.Done, Write(list, new PhpSerializerOptions(), 1 << 16, out _));
        Assert.True(FastTreeWriter.TryMeasure(list, new PhpSerializerOptions(), Array.MaxLength, out _));
        return list.Select(e => new WeakReference(e.Value)).ToArray();
    }

    // One pass stops at the first reason: a tree it does not handle is reported so even when
    // what follows would not fit either.
    [Fact]
    public void WhatIsNotHandledIsReportedSoEvenWhenWhatFollowsWouldNotFit()
    {
        string big = new('z', 500);
        var deep = new PhpSerializerOptions { MaxDepth = 1 };
        var shortStrings = new PhpSerializerOptions { MaxStringLength = 10 };
        // Room for what comes before the refusal, not for the string after it.
        var cases = new (PhpValue Value, PhpSerializerOptions Options, int Room)[]
        {
            (PhpArray.List(PhpArray.List(new PhpReference(new PhpInt(1))), big), new PhpSerializerOptions(), 32),
            (PhpArray.List(new PhpObject("O") { { "r", new PhpReference(new PhpInt(1)) } }, big), new PhpSerializerOptions(), 32),
            (PhpArray.List(PhpArray.List(1L), big), deep, 32),
            (PhpArray.List(new PhpObject("O") { { "s", 1L } }, big), deep, 32),
            (PhpArray.List(new PhpObject("Bad Name") { { "s", big } }, big), new PhpSerializerOptions(), 32),
            (PhpArray.List("abcdefghijk", "0123456789"), shortStrings, 20),
        };
        foreach (var (value, options, room) in cases)
            Assert.Equal(FastTreeWriter.WriteStatus.NotHandled, Write(value, options, room, out _));
    }

    // And the other way round: a key that does not fit is reported as too small, even when the
    // value after it is one the pass does not handle.
    [Fact]
    public void AKeyThatDoesNotFitIsReportedSoEvenWhenItsValueIsNotHandled()
    {
        var options = new PhpSerializerOptions();
        PhpValue unhandled = new PhpReference(new PhpInt(1));
        Assert.Equal(FastTreeWriter.WriteStatus.TooSmall, Write(new PhpArray { { "abc", unhandled } }, options, 14, out _)); // a:1:{ fits, s:3:"abc"; not
        Assert.Equal(FastTreeWriter.WriteStatus.TooSmall, Write(new PhpArray { { 5, unhandled } }, options, 8, out _));       // a:1:{ fits, i:5; not
        Assert.Equal(FastTreeWriter.WriteStatus.NotHandled, Write(new PhpArray { { 5, unhandled } }, options, 9, out _));     // room for the key: the value decides
    }

    [Fact]
    public void ContainersAndScalarsOfEveryKindAreMeasuredExactly()
    {
        var options = new PhpSerializerOptions();
        AssertHandled(new PhpArray { { 0, PhpNull.Instance }, { -12, PhpBool.True }, { "k", long.MinValue }, { 3, new PhpArray() } }, options);
        AssertHandled(new PhpObject("Foo") { { "a", 1L }, { "b", PhpArray.List("x", "y") }, { "c", new PhpObject("Bar") } }, options);
        AssertHandled(PhpNull.Instance, options);
        AssertHandled(new PhpInt(-7), options);
        AssertHandled(PhpBool.False, options);
    }

    [Fact]
    public void WithFloatsTheMeasureIsABoundThatHoldsTheBytes()
    {
        var options = new PhpSerializerOptions();
        PhpValue value = PhpArray.List(0.5, 1.0 / 3, -2.5e-10, 7L);
        byte[] expected = General(value, options);
        Assert.True(FastTreeWriter.TryMeasure(value, options, Array.MaxLength, out var measure));
        Assert.False(measure.Exact);
        Assert.True(measure.Size >= expected.Length);
        // Each float is given room for the longest text: the bound is what one pass needs.
        Assert.Equal(FastTreeWriter.WriteStatus.Done, Write(value, options, (int)measure.Size, out byte[] bytes));
        Assert.Equal(Encoding.Latin1.GetString(expected), Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void TheOptionsOutputLimitBoundsTheMeasureWhateverLimitIsGiven()
    {
        PhpValue value = PhpArray.List("abc", 1L, new PhpObject("stdClass") { { "p", PhpNull.Instance } });
        int size = General(value, new PhpSerializerOptions()).Length;
        Assert.True(FastTreeWriter.TryMeasure(value, new PhpSerializerOptions { MaxOutputBytes = size }, Array.MaxLength, out var m));
        Assert.Equal(size, m.Size);
        Assert.False(FastTreeWriter.TryMeasure(value, new PhpSerializerOptions { MaxOutputBytes = size - 1 }, Array.MaxLength, out _));
        Assert.NotNull(FastTreeWriter.TrySerialize(value, new PhpSerializerOptions { MaxOutputBytes = size }));
        Assert.Null(FastTreeWriter.TrySerialize(value, new PhpSerializerOptions { MaxOutputBytes = size - 1 }));
    }

    [Fact]
    public void AValueLargerThanTheFirstAttemptIsHandledUpToTheOutputLimitExactly()
    {
        PhpValue value = PhpArray.List(new string('a', 3000), new PhpObject("O") { { "s", new string('b', 3000) } }, 5L);
        int size = General(value, new PhpSerializerOptions()).Length;
        Assert.True(size > 4096);
        byte[]? bytes = FastTreeWriter.TrySerialize(value, new PhpSerializerOptions { MaxOutputBytes = size });
        Assert.NotNull(bytes);
        Assert.Equal(size, bytes.Length);
        Assert.Null(FastTreeWriter.TrySerialize(value, new PhpSerializerOptions { MaxOutputBytes = size - 1 }));

        var output = new ArrayBufferWriter<byte>(1);
        Assert.True(FastTreeWriter.TrySerialize(output, value, new PhpSerializerOptions { MaxOutputBytes = size }));
        Assert.Equal(size, output.WrittenCount);
        Assert.False(FastTreeWriter.TrySerialize(new ArrayBufferWriter<byte>(1), value, new PhpSerializerOptions { MaxOutputBytes = size - 1 }));
    }

    // Lengths, ints, counts and object headers with numbers below 100 have their own short form in
    // the writer; on both sides of 10 and 100 every one is written as the general path writes it,
    // at exactly its size (one byte less is too small), as a value and as a key, alone and after
    // other tokens.
    [Fact]
    public void NumbersOnBothSidesOf10And100AreWrittenAsTheGeneralPathWritesThem()
    {
        var options = new PhpSerializerOptions();
        for (int n = 0; n <= 110; n++)
        {
            string text = new('x', n);
            AssertHandled(text, options);
            AssertHandled(new PhpArray { { text, 1L } }, options);
            AssertHandled(PhpArray.List(1L, text), options);
            AssertHandled((long)n, options);
            AssertHandled(-(long)n, options);
            AssertHandled(new PhpArray { { n, (long)n } }, options);
            AssertHandled(new PhpObject("O") { { text, (long)n } }, options);

            var list = new PhpArray();
            for (int i = 0; i < n; i++) list.Add(PhpNull.Instance);
            AssertHandled(list, options);
            AssertHandled(PhpArray.List(list, list.Count), options);

            // Object headers: class names of n bytes, and n properties.
            if (n > 0) AssertHandled(new PhpObject(new string('C', n)) { { "p", (long)n } }, options);
            var wide = new PhpObject("W");
            for (int i = 0; i < n; i++) wide.Add("p" + i, PhpNull.Instance);
            AssertHandled(wide, options);
            AssertHandled(PhpArray.List(wide, 1L), options);
        }
        foreach (long edge in new[] { long.MinValue, long.MinValue + 1, -101L, 999L, 1000L, int.MaxValue + 1L, long.MaxValue })
        {
            AssertHandled(edge, options);
            AssertHandled(new PhpArray { { edge, edge } }, options);
        }
    }
}
