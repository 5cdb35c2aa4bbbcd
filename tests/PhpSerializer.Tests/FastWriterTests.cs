using System.Buffers;
using System.Globalization;
using System.Text;

namespace PhpSerializer.Tests;

/// <summary>
/// The fast serialize path (FastTreeWriter) against the general path (TreeWriter +
/// PhpSerializedWriter): the same bytes for every tree, the same exceptions, and a fallback for
/// everything the fast path does not handle.
/// </summary>
public class FastWriterTests
{
    private static readonly PhpSerializerOptions Defaults = new();

    /// <summary>The general path exactly as Serialize used it before the fast path existed.</summary>
    private static byte[] General(PhpValue value, PhpSerializerOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new PhpSerializedWriter(buffer, options);
        TreeWriter.Write(writer, value, options);
        return buffer.WrittenSpan.ToArray();
    }

    // initialCapacity 1: the first attempt is too small, so the value is measured and written again;
    // a large capacity: written in one pass into the free span.
    private static byte[] ViaBufferWriter(PhpValue value, PhpSerializerOptions? options = null, int initialCapacity = 1)
    {
        var buffer = new ArrayBufferWriter<byte>(initialCapacity);
        PhpSerialization.Serialize(buffer, value, options);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool Handled(PhpValue value, PhpSerializerOptions? options = null)
        => FastTreeWriter.TryMeasure(value, options ?? Defaults, Array.MaxLength, out _);

    private static string Show(byte[] b) => PhpFrames.Show(b);

    private static void AssertBytes(byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual)) Assert.Equal(Show(expected), Show(actual)); // readable diff on failure only
    }

    private static void AssertSameAsGeneral(PhpValue value, PhpSerializerOptions? options = null)
    {
        byte[] expected = General(value, options);
        AssertBytes(expected, PhpSerialization.Serialize(value, options));
        AssertBytes(expected, ViaBufferWriter(value, options));
        AssertBytes(expected, ViaBufferWriter(value, options, 1 << 20));
    }

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(77, 3000)]
    [InlineData(20261125, 3000)]
    public void RandomFastPathTreesAreHandledAndByteIdentical(int seed, int count)
    {
        var generator = new FastPathTrees(seed);
        int withFloats = 0;
        for (int i = 0; i < count; i++)
        {
            PhpValue value = generator.Next();
            byte[] expected = General(value);
            Assert.True(FastTreeWriter.TryMeasure(value, Defaults, Array.MaxLength, out var measure), "not handled");
            if (measure.Exact) Assert.Equal(expected.Length, measure.Size);
            else
            {
                withFloats++;
                if (measure.Size < expected.Length) Assert.Fail($"bound {measure.Size} < {expected.Length}: {Show(expected)}");
            }
            AssertBytes(expected, FastTreeWriter.TrySerialize(value, Defaults)!);
            byte[] measured = new byte[measure.Size]; // the exact size, or the bound with floats
            Assert.Equal(FastTreeWriter.WriteStatus.Done, FastTreeWriter.TryWrite(value, Defaults, measured, out int written));
            Assert.Equal(expected.Length, written);
            AssertBytes(expected, measured[..written]);
            if (measure.Exact)
                Assert.Equal(FastTreeWriter.WriteStatus.TooSmall, FastTreeWriter.TryWrite(value, Defaults, new byte[expected.Length - 1], out _));
            foreach (int capacity in new[] { 1, 1 << 16 })
            {
                var buffer = new ArrayBufferWriter<byte>(capacity);
                Assert.True(FastTreeWriter.TrySerialize(buffer, value, Defaults));
                AssertBytes(expected, buffer.WrittenSpan.ToArray());
            }
            AssertBytes(expected, PhpSerialization.Serialize(value));
        }
        Assert.InRange(withFloats, count / 10, count - count / 10); // both the exact and the bound case ran
    }

    [Theory]
    [InlineData(424242, 3000)]
    [InlineData(5, 3000)]
    public void RandomTreesWithReferencesEnumsAndSharedObjectsGiveThePreviousBytes(int seed, int count)
    {
        var generator = new RandomPhpValues(seed);
        int handled = 0, fallback = 0;
        for (int i = 0; i < count; i++)
        {
            PhpValue value = generator.Next();
            if (Handled(value)) handled++;
            else fallback++;
            AssertSameAsGeneral(value);
        }
        Assert.True(handled > count / 10 && fallback > count / 10, $"handled {handled}, fallback {fallback}");
    }

    [Fact]
    public void ScalarsAndEdgeValues()
    {
        double[] floats =
        {
            0.0, -0.0, 0.1, 1e25, 1e-5, 1e-4, 1e15, 1e16, 1e17, 1e18, 5e-324, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, -1.2345678901234567E-300, 0.30000000000000004,
            123456789012345678.0, -2.5e-10, 3.14, -100.0,
        };
        foreach (double d in floats)
        {
            AssertSameAsGeneral(new PhpFloat(d));
            AssertSameAsGeneral(PhpArray.List(new PhpFloat(d), new PhpFloat(d)));
        }
        long[] ints = { 0, 1, -1, 9, 10, 99, 100, -9, -10, 999, 1000, long.MaxValue, long.MinValue, long.MinValue + 1, 1L << 53, int.MaxValue, int.MinValue, 10_000_000_000, 9_999_999_999, -10_000_000_000 };
        foreach (long n in ints)
        {
            AssertSameAsGeneral(new PhpInt(n));
            var keyed = new PhpArray { { PhpArrayKey.FromInt(n), new PhpInt(n) } };
            AssertSameAsGeneral(keyed);
        }
        AssertSameAsGeneral(PhpNull.Instance);
        AssertSameAsGeneral(PhpBool.True);
        AssertSameAsGeneral(PhpBool.False);
        AssertSameAsGeneral(PhpString.Empty);
        AssertSameAsGeneral(new PhpString(new byte[] { 0, (byte)'"', 0, (byte)';', 0xff }));
        AssertSameAsGeneral(new PhpString(new string('x', 100_000)));
        AssertSameAsGeneral(new PhpArray());
        AssertSameAsGeneral(new PhpArray { { "", new PhpArray() }, { "\0k", PhpString.Empty }, { 5, new PhpObject("stdClass") } });
        Assert.Equal("a:2:{i:0;d:-0;s:1:\"\0\";N;}", Encoding.UTF8.GetString(PhpSerialization.Serialize(new PhpArray { { 0, -0.0 }, { PhpArrayKey.FromString("\0"), PhpNull.Instance } })));
    }

    [Fact]
    public void ObjectsWithPublicProtectedPrivateAndIntPropertyKeys()
    {
        var o = new PhpObject("Model\\User");
        o.Set("name", "ann");
        o.Set("secret", 1.5, PhpVisibility.Protected);
        o.Set("id", 42L, PhpVisibility.Private, "Model\\User");
        o.Set(PhpProperty.FromKey(PhpArrayKey.FromInt(7), PhpNull.Instance));
        o.Set(PhpProperty.FromKey(PhpArrayKey.FromInt(-3), new PhpObject("Ünïcode")));
        Assert.True(Handled(o));
        AssertSameAsGeneral(o);
        Assert.Equal("O:10:\"Model\\User\":5:{s:4:\"name\";s:3:\"ann\";s:9:\"\0*\0secret\";d:1.5;s:14:\"\0Model\\User\0id\";i:42;i:7;N;i:-3;O:9:\"Ünïcode\":0:{}}",
            Encoding.UTF8.GetString(PhpSerialization.Serialize(o)));
    }

    [Fact]
    public void ManyDistinctObjectsAreHandledAndARepeatAfterManyFallsBack()
    {
        var list = new PhpArray();
        var objects = new List<PhpObject>();
        for (int i = 0; i < 100; i++)
        {
            var o = new PhpObject("stdClass") { { "i", (long)i } };
            objects.Add(o);
            list.Add(o);
        }
        Assert.True(Handled(list));
        AssertSameAsGeneral(list);

        foreach (int repeat in new[] { 0, 14, 15, 16, 17, 99 })
        {
            var withRepeat = new PhpArray();
            foreach (var o in objects) withRepeat.Add(o);
            withRepeat.Add(objects[repeat]);
            Assert.False(Handled(withRepeat));
            AssertSameAsGeneral(withRepeat);
            Assert.Contains($"r:{2 + 2 * repeat};", Encoding.UTF8.GetString(PhpSerialization.Serialize(withRepeat)));
        }
        // The per-thread object memory is cleared between calls: the same objects in a new call are fine.
        Assert.True(Handled(list));
        Assert.True(Handled(objects[3]));
    }

    [Fact]
    public void TreesTheFastPathLeavesToTheGeneralPathGiveThePreviousBytes()
    {
        var shared = new PhpObject("Foo") { { "a", 1L } };
        var cell = new PhpReference(new PhpInt(5));
        var cases = new (PhpValue Value, string Expected)[]
        {
            (PhpArray.List(shared, shared), "a:2:{i:0;O:3:\"Foo\":1:{s:1:\"a\";i:1;}i:1;r:2;}"),
            (PhpArray.List(cell, cell), "a:2:{i:0;i:5;i:1;R:2;}"),
            (cell, "i:5;"),
            (PhpArray.List(new PhpEnumCase("Suit", "Hearts"), new PhpEnumCase("Suit", "Hearts")), "a:2:{i:0;E:11:\"Suit:Hearts\";i:1;r:2;}"),
            (new PhpSerializableObject("OldStyle", "i:1;"u8.ToArray()), "C:8:\"OldStyle\":4:{i:1;}"),
            (PhpArray.List(1L, new PhpReference(shared), shared), "a:3:{i:0;i:1;i:1;O:3:\"Foo\":1:{s:1:\"a\";i:1;}i:2;r:3;}"),
        };
        foreach (var (value, expected) in cases)
        {
            Assert.False(Handled(value), expected);
            Assert.Equal(expected, Encoding.UTF8.GetString(General(value)));
            AssertSameAsGeneral(value);
        }

        var self = new PhpObject("Node");
        self.Set("me", self);
        Assert.False(Handled(self));
        Assert.Equal("O:4:\"Node\":1:{s:2:\"me\";r:1;}", Encoding.UTF8.GetString(PhpSerialization.Serialize(self)));
    }

    private static PhpValue Nest(int levels, bool objects = false)
    {
        PhpValue v = new PhpArray(); // empty: does not count as a level
        for (int i = 0; i < levels; i++)
        {
            if (objects && i % 2 == 1) v = new PhpObject("N") { { "c", v } };
            else v = new PhpArray { { i, v } };
        }
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DeepNestingAroundTheRecursionCap(bool objects)
    {
        foreach (int levels in new[] { 1, 150, FastTreeWriter.MaxRecursion - 1, FastTreeWriter.MaxRecursion, FastTreeWriter.MaxRecursion + 1, 400, 4000 })
        {
            PhpValue v = Nest(levels, objects);
            Assert.Equal(levels <= FastTreeWriter.MaxRecursion, Handled(v));
            AssertSameAsGeneral(v);
        }
    }

    [Fact]
    public void DepthLimitCountsNonEmptyContainersLikeTheWriter()
    {
        foreach (int max in new[] { 1, 2, 3, 10 })
        {
            var options = new PhpSerializerOptions { MaxDepth = max };
            Assert.True(Handled(Nest(max), options));
            AssertSameAsGeneral(Nest(max), options);
            Assert.False(Handled(Nest(max + 1), options));
            AssertSameException(Nest(max + 1), options, "Maximum depth");
            // Empty containers below the limit do not count.
            var wide = new PhpArray { { 0, Nest(max - 1) }, { 1, new PhpArray() }, { 2, new PhpObject("E") } };
            AssertSameAsGeneral(wide, options);
        }
        var noLimit = new PhpSerializerOptions { MaxDepth = 0 };
        Assert.True(Handled(Nest(FastTreeWriter.MaxRecursion), noLimit));
        AssertSameAsGeneral(Nest(3000), noLimit);
    }

    private static void AssertSameException(PhpValue value, PhpSerializerOptions? options, string messagePart)
    {
        var expected = Assert.Throws<PhpSerializationException>(() => General(value, options));
        Assert.Contains(messagePart, expected.Message);
        var viaArray = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(value, options));
        Assert.Equal(expected.Message, viaArray.Message);
        Assert.Equal(expected.Offset, viaArray.Offset);

        var partial = new ArrayBufferWriter<byte>();
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.SerializeGeneral(partial, value, options));
        foreach (int capacity in new[] { 1, 1 << 20 })
        {
            var buffer = new ArrayBufferWriter<byte>(capacity);
            var viaWriter = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(buffer, value, options));
            Assert.Equal(expected.Message, viaWriter.Message);
            Assert.Equal(expected.Offset, viaWriter.Offset);
            Assert.Equal(Show(partial.WrittenSpan.ToArray()), Show(buffer.WrittenSpan.ToArray())); // the same partial output as before
        }
    }

    [Fact]
    public void StringLengthLimitAppliesToValuesKeysAndClassNames()
    {
        var options = new PhpSerializerOptions { MaxStringLength = 4 };
        AssertSameAsGeneral(new PhpArray { { "abcd", "wxyz" } }, options);
        AssertSameException(PhpArray.List("abcde"), options, "MaxStringLength");
        AssertSameException(new PhpArray { { "abcde", 1L } }, options, "MaxStringLength");
        AssertSameException(new PhpObject("Abcde"), options, "MaxStringLength");
        var o = new PhpObject("Ab");
        o.Set("x", 1L, PhpVisibility.Protected); // "\0*\0x" is 4 bytes: fine
        AssertSameAsGeneral(o, options);
        o.Set("xy", 1L, PhpVisibility.Protected); // 5 bytes
        AssertSameException(o, options, "MaxStringLength");
    }

    [Fact]
    public void OutputLimitIsExactAtTheBoundary()
    {
        PhpValue value = PhpArray.List(1L, "abc", PhpNull.Instance, new PhpObject("stdClass"));
        int size = General(value).Length;
        AssertSameAsGeneral(value, new PhpSerializerOptions { MaxOutputBytes = size });
        AssertSameException(value, new PhpSerializerOptions { MaxOutputBytes = size - 1 }, "MaxOutputBytes");
        AssertSameException(value, new PhpSerializerOptions { MaxOutputBytes = 0 }, "MaxOutputBytes");
        AssertSameException(PhpNull.Instance, new PhpSerializerOptions { MaxOutputBytes = -1 }, "MaxOutputBytes");
        // Larger than the first attempt's scratch: measured, then written into the result.
        PhpValue large = PhpArray.List(new string('a', 10_000), 1L, new string('b', 10_000));
        int largeSize = General(large).Length;
        AssertSameAsGeneral(large, new PhpSerializerOptions { MaxOutputBytes = largeSize });
        AssertSameException(large, new PhpSerializerOptions { MaxOutputBytes = largeSize - 1 }, "MaxOutputBytes");

        // With floats only a bound is known: below the bound the general path decides, exactly.
        PhpValue floats = PhpArray.List(0.5, 1.0, 2.25);
        int floatSize = General(floats).Length;
        Assert.True(Handled(floats, new PhpSerializerOptions { MaxOutputBytes = floatSize + 3 * PhpFloatFormatter.MaxLength }));
        AssertSameAsGeneral(floats, new PhpSerializerOptions { MaxOutputBytes = floatSize });
        AssertSameException(floats, new PhpSerializerOptions { MaxOutputBytes = floatSize - 1 }, "MaxOutputBytes");
    }

    [Fact]
    public void ASharedArrayBlowingUpTheOutputStopsEarlyAndThrowsAsBefore()
    {
        PhpValue v = PhpArray.List("x");
        for (int i = 0; i < 40; i++) v = PhpArray.List(v, v); // 2^40 leaves
        var options = new PhpSerializerOptions { MaxOutputBytes = 100_000 };
        Assert.False(Handled(v, options));
        AssertSameException(v, options, "MaxOutputBytes");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("\\Foo")]
    [InlineData("Foo;")]
    [InlineData("a\0b")]
    public void InvalidClassNamesThrowAsBefore(string className)
    {
        var o = new PhpObject(Encoding.UTF8.GetBytes(className));
        Assert.False(Handled(o));
        AssertSameException(PhpArray.List(1L, o), null, "is not one PHP accepts");
    }

    [Fact]
    public void ABufferWriterThatGivesExactlyTheSizeAskedForGetsTheSameBytes()
    {
        var value = new PhpArray { { "body", new string('b', 5000) }, { "n", 1.25 }, { "list", PhpArray.List(1L, 2L, 3L) } };
        var exact = new ExactSpanWriter();
        PhpSerialization.Serialize(exact, value);
        Assert.Equal(Show(General(value)), Show(exact.ToArray()));
        Assert.Equal(2, exact.Calls); // GetSpan() gives 1 byte: too small; then GetSpan(the bound); one Advance
    }

    [Fact]
    public void AppendsAfterWhatTheBufferWriterAlreadyHolds()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("xyz"u8);
        PhpSerialization.Serialize(buffer, PhpArray.List(1.5, "a"));
        Assert.Equal("xyza:2:{i:0;d:1.5;i:1;s:1:\"a\";}", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void TheSameTreeFromManyThreads()
    {
        var generator = new FastPathTrees(99);
        var trees = Enumerable.Range(0, 200).Select(_ => generator.Next()).ToArray();
        var expected = trees.Select(t => General(t)).ToArray();
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            for (int round = 0; round < 5; round++)
            {
                for (int i = 0; i < trees.Length; i++)
                {
                    AssertBytes(expected[i], PhpSerialization.Serialize(trees[i]));
                    AssertBytes(expected[i], ViaBufferWriter(trees[i]));
                    AssertBytes(expected[i], ViaBufferWriter(trees[i], null, 1 << 16));
                }
            }
        });
    }

    [Fact]
    public void DigitCounts()
    {
        var values = new List<ulong> { 0, ulong.MaxValue, ulong.MaxValue - 1 };
        ulong p = 1;
        for (int i = 0; i < 20; i++)
        {
            values.Add(p);
            values.Add(p - 1);
            values.Add(p + 1);
            if (i < 19) p *= 10;
        }
        foreach (ulong v in values) Assert.Equal(v.ToString(CultureInfo.InvariantCulture).Length, PhpFormat.CountDigits(v));
        foreach (long v in new[] { 0L, -1L, -9L, -10L, long.MinValue, long.MaxValue, -999999999999999999L, -1000000000000000000L })
            Assert.Equal(v.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, PhpFormat.CountDigits(v));
        var rng = new Random(3);
        for (int i = 0; i < 10000; i++)
        {
            ulong v = (ulong)rng.NextInt64() >> rng.Next(64);
            Assert.Equal(v.ToString(CultureInfo.InvariantCulture).Length, PhpFormat.CountDigits(v));
        }
    }

    /// <summary>An IBufferWriter whose spans are exactly as long as asked for.</summary>
    private sealed class ExactSpanWriter : IBufferWriter<byte>
    {
        private readonly List<byte> _written = new();
        private byte[] _chunk = [];

        public int Calls { get; private set; }

        public void Advance(int count) => _written.AddRange(_chunk.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Calls++;
            _chunk = new byte[Math.Max(sizeHint, 1)];
            return _chunk;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public byte[] ToArray() => _written.ToArray();
    }

    /// <summary>Seeded random trees the fast path handles: scalars of every kind, nested arrays, objects that occur once.</summary>
    private sealed class FastPathTrees(int seed)
    {
        private readonly Random _rng = new(seed);

        private static readonly double[] EdgeFloats =
        {
            0.0, -0.0, 0.1, 1e25, 1e-5, 1e16, 1e17, 1e-4, 5e-324, double.MaxValue, double.MinValue,
            double.PositiveInfinity, double.NegativeInfinity, double.NaN, 123456789012345678.0, 0.30000000000000004, -1.2345678901234567E-300,
        };

        private static readonly long[] EdgeInts = { 0, -1, 1, 9, 10, long.MaxValue, long.MinValue, 255, -256, 1L << 53 };
        private static readonly string[] ClassNames = { "stdClass", "Foo", "Bar\\Baz", "Ünïcode", "_x1", "Model\\User" };

        public PhpValue Next() => Value(_rng.Next(0, 7));

        private PhpValue Value(int depth)
        {
            int r = _rng.Next(100);
            if (depth <= 0 || r < 40) return Scalar();
            if (r < 80)
            {
                var a = new PhpArray();
                int n = depth <= 2 && _rng.Next(0, 5) == 0 ? _rng.Next(0, 40) : _rng.Next(0, 6);
                for (int i = 0; i < n; i++)
                {
                    if (_rng.Next(2) == 0 && !a.ContainsKey(a.NextFreeIndex)) a.Add(Value(depth - 1));
                    else a.Set(Key(), Value(depth - 1));
                }
                return a;
            }
            var o = new PhpObject(ClassNames[_rng.Next(ClassNames.Length)]);
            int props = _rng.Next(0, 5);
            for (int i = 0; i < props; i++)
            {
                string name = _rng.Next(3) == 0 ? "p" + _rng.Next(10) : "é" + _rng.Next(3);
                switch (_rng.Next(4))
                {
                    case 0: o.Set(name, Value(depth - 1)); break;
                    case 1: o.Set(name, Value(depth - 1), PhpVisibility.Protected); break;
                    case 2: o.Set(name, Value(depth - 1), PhpVisibility.Private, _rng.Next(2) == 0 ? o.ClassName : "ParentClass"); break;
                    default: o.Set(PhpProperty.FromKey(PhpArrayKey.FromInt(_rng.Next(-5, 50)), Value(depth - 1))); break;
                }
            }
            return o;
        }

        private PhpArrayKey Key() => _rng.Next(3) switch
        {
            0 => PhpArrayKey.FromString(RandomBytes(_rng.Next(0, 12))),
            1 => PhpArrayKey.FromInt(Int()),
            _ => PhpArrayKey.FromString(new[] { "5", "05", "-3", "-0", "9223372036854775808", "a", "", "\0*\0x" }[_rng.Next(8)]),
        };

        private PhpValue Scalar() => _rng.Next(7) switch
        {
            0 => PhpNull.Instance,
            1 => PhpBool.From(_rng.Next(2) == 0),
            2 or 3 => new PhpInt(Int()),
            4 => _rng.Next(4) == 0 ? new PhpFloat(Float()) : PhpString.FromOwnedBytes(RandomBytes(_rng.Next(0, 20))),
            _ => PhpString.FromOwnedBytes(RandomBytes(_rng.Next(0, 4) == 0 ? _rng.Next(0, 2000) : _rng.Next(0, 16))),
        };

        private long Int() => _rng.Next(3) switch
        {
            0 => EdgeInts[_rng.Next(EdgeInts.Length)],
            1 => _rng.NextInt64(long.MinValue, long.MaxValue) >> _rng.Next(64),
            _ => _rng.Next(-1000, 1000),
        };

        private double Float() => _rng.Next(5) switch
        {
            0 => EdgeFloats[_rng.Next(EdgeFloats.Length)],
            1 => BitConverter.Int64BitsToDouble(_rng.NextInt64(long.MinValue, long.MaxValue)),
            2 => _rng.Next(-1000000, 1000000) / (double)new[] { 1, 10, 100, 1000, 7 }[_rng.Next(5)],
            3 => _rng.NextDouble() * Math.Pow(10, _rng.Next(-30, 31)),
            _ => _rng.Next(-100, 100),
        };

        private byte[] RandomBytes(int n)
        {
            var b = new byte[n];
            if (_rng.Next(2) == 0) _rng.NextBytes(b);
            else for (int i = 0; i < n; i++) b[i] = (byte)_rng.Next(32, 127);
            return b;
        }
    }
}

/// <summary>The short-decimal float fast path gives exactly PhpFloatFormatter's bytes, or declines.</summary>
public class ShortFloatFormatterTests
{
    [ThreadStatic] private static int Long;

    private static int Check(double value)
    {
        Span<byte> fast = stackalloc byte[PhpFloatFormatter.MaxLength];
        Span<byte> general = stackalloc byte[PhpFloatFormatter.MaxLength];
        int n = PhpFloatFormatter.TryFormatShortDecimal(value, fast);
        if (n == 0)
        {
            n = PhpFloatFormatter.TryFormatExact(value, fast);
            if (n == 0) return 0;
            Long++;
        }
        int g = PhpFloatFormatter.Format(value, general);
        if (!fast[..n].SequenceEqual(general[..g]))
            Assert.Fail($"{value:R} (bits {BitConverter.DoubleToInt64Bits(value):X}): fast '{Encoding.ASCII.GetString(fast[..n])}', general '{Encoding.ASCII.GetString(general[..g])}'");
        return 1;
    }

    [Fact]
    public void EdgeValues()
    {
        double[] values =
        {
            0.0, -0.0, 1e-4, -1e-4, 1.0000000000000002e-4, 9.999999999999999e-5, 1e-5, 0.1, 0.2, 0.3, 0.30000000000000004, 1, -1, 10, 100, 1e14, 1e15, 999999999999999,
            99999999999999.9, 9999999999999.99, 999999999999999.9, 0.123456789012345, 0.1234567890123456, 123456.789, 1.5, -2.5, 0.5, 7241.185376941533, 99214.68,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, 4503599627370496.5, 1e-4 * 3, 0.00012, 0.000999,
        };
        int handled = 0;
        foreach (double v in values) handled += Check(v) + Check(-v);
        Assert.True(handled > 40);
        Span<byte> buffer = stackalloc byte[PhpFloatFormatter.MaxLength];
        Assert.Equal(0, PhpFloatFormatter.TryFormatShortDecimal(7241.185376941533, buffer)); // 16 digits: not short
        Assert.Equal("7241.185376941533", Encoding.ASCII.GetString(buffer[..PhpFloatFormatter.TryFormatExact(7241.185376941533, buffer)]));
        Assert.Equal("-0.30000000000000004", Encoding.ASCII.GetString(buffer[..PhpFloatFormatter.TryFormatExact(-0.30000000000000004, buffer)]));
        Assert.Equal(0, PhpFloatFormatter.TryFormatShortDecimal(1e-5, buffer));
        Assert.Equal(0, PhpFloatFormatter.TryFormatShortDecimal(1e15, buffer));
        Assert.Equal("0.0001", Encoding.ASCII.GetString(buffer[..PhpFloatFormatter.TryFormatShortDecimal(1e-4, buffer)]));
        Assert.Equal("-0", Encoding.ASCII.GetString(buffer[..PhpFloatFormatter.TryFormatShortDecimal(-0.0, buffer)]));
        Assert.Equal("-99214.68", Encoding.ASCII.GetString(buffer[..PhpFloatFormatter.TryFormatShortDecimal(-99214.68, buffer)]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomDecimalsAndRandomDoubles(int seed)
    {
        var rng = new Random(seed);
        int handled = 0;
        for (int i = 0; i < 300_000; i++)
        {
            // Decimals of 1-17 digits with the point anywhere, and doubles near them.
            int digits = rng.Next(1, 18);
            long mantissa = rng.NextInt64(1, (long)Math.Min(Math.Pow(10, digits), long.MaxValue));
            int scale = rng.Next(0, 22);
            double v = mantissa / Math.Pow(10, scale);
            handled += Check(v);
            Check(Math.BitIncrement(v));
            Check(Math.BitDecrement(v));
            Check(rng.Next(-1_000_000, 1_000_000) / 100.0);
            Check(BitConverter.Int64BitsToDouble(rng.NextInt64(long.MinValue, long.MaxValue)));
            Check(rng.NextDouble() * Math.Pow(10, rng.Next(-6, 17)));
        }
        Assert.True(handled > 100_000, $"handled {handled}");
        Assert.True(Long > 300_000, $"16-17 digits: {Long}");
    }
}
