using System.Runtime.InteropServices;
using System.Text;
using PhpSerializer.Tests.Hostile;

namespace PhpSerializer.Tests;

/// <summary>
/// The fast unserialize path (<see cref="FastTreeParser"/>) against the general reader +
/// builder: whenever the fast path returns a value, the general path must accept the same bytes
/// with an equal tree, the same byte count and the same re-serialized bytes; when it gives up,
/// the public API must still behave exactly like the general path (value or the same error).
/// </summary>
public class FastUnserializeTests
{
    private static (PhpValue? Value, int Consumed, PhpSerializationException? Error) General(byte[] input, PhpSerializerOptions options)
    {
        try
        {
            var reader = new PhpSerializedReader(input, options);
            PhpValue value = TreeBuilder.Build(ref reader, options);
            return (value, reader.BytesConsumed, null);
        }
        catch (PhpSerializationException e)
        {
            return (null, 0, e);
        }
    }

    private static void AssertAgrees(byte[] input, PhpSerializerOptions options, ref int fastCount)
    {
        PhpValue? fast = FastTreeParser.TryParse(input, options, null, 0, out int fastConsumed);
        var (general, generalConsumed, error) = General(input, options);
        if (fast is not null)
        {
            fastCount++;
            Assert.True(general is not null, $"fast path accepted what the general path rejects ({error?.Message}): {PhpFrames.Show(input)}");
            Assert.Equal(generalConsumed, fastConsumed);
            Assert.True(general!.Equals(fast), $"different trees for {PhpFrames.Show(input)}");
            Assert.Equal(PhpSerialization.Serialize(general), PhpSerialization.Serialize(fast));
        }

        // The public entry point (fast path, then fallback) behaves exactly like the general path.
        try
        {
            PhpValue value = PhpSerialization.Unserialize(input, out int consumed, options);
            Assert.True(error is null, $"public API accepted what the general path rejects: {PhpFrames.Show(input)}");
            Assert.Equal(generalConsumed, consumed);
            Assert.True(general!.Equals(value));
        }
        catch (PhpSerializationException e)
        {
            Assert.True(error is not null, $"public API rejected what the general path accepts: {e.Message}");
            Assert.Equal(error!.Message, e.Message);
            Assert.Equal(error.Offset, e.Offset);
        }
    }

    [Fact]
    public void FastPathBuildsTheSameTreeAsTheGeneralPathOnPlainValues()
    {
        var gen = new PlainValues(20261125);
        int fast = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = PhpSerialization.Serialize(gen.Next());
            AssertAgrees(bytes, PhpSerializerOptions.Default, ref fast);
        }
        Assert.Equal(3000, fast); // serialize() output of plain values never needs the general path
    }

    [Fact]
    public void FastPathAndFallbackAgreeOnReferencesEnumsAndPayloads()
    {
        var gen = new RandomPhpValues(7);
        int fast = 0;
        for (int i = 0; i < 3000; i++) AssertAgrees(PhpSerialization.Serialize(gen.Next()), PhpSerializerOptions.Default, ref fast);
        Assert.InRange(fast, 300, 2900); // both paths are exercised
    }

    [Fact]
    public void FastPathNeverAcceptsWhatTheGeneralPathRejectsOnMutants()
    {
        var gen = new PlainValues(99);
        var seeds = new List<byte[]>();
        for (int i = 0; i < 200; i++) seeds.Add(PhpSerialization.Serialize(gen.Next()));
        var mutator = new ByteMutator(5, seeds);
        int fast = 0;
        for (int i = 0; i < 30_000; i++) AssertAgrees(mutator.Next(), PhpSerializerOptions.Default, ref fast);
        Assert.InRange(fast, 1000, 29_000);
    }

    [Theory]
    [InlineData("i:007;")] // leading zeros: general path
    [InlineData("i:+5;")]
    [InlineData("i:99999999999999999999;")] // clamped by the general path
    [InlineData("i:-9223372036854775808;")]
    [InlineData("i:9223372036854775807;")]
    [InlineData("i:9223372036854775808;")]
    [InlineData("d:.5;")]
    [InlineData("d:1.;")]
    [InlineData("d:1e500;")]
    [InlineData("d:-0;")]
    [InlineData("d:0.30000000000000004;")]
    [InlineData("s:18446744073709551617:\"a\";")] // wraps in the general path
    [InlineData("a:1:{s:1:\"5\";i:1;}")] // "5" becomes int key 5
    [InlineData("a:2:{i:0;i:1;i:0;i:2;}")] // duplicate key replaces in place
    [InlineData("a:1:{s:2:\"05\";N;}")]
    [InlineData("O:8:\"stdClass\":1:{s:1:\"5\";i:1;}")] // property names are not normalised
    [InlineData("O:8:\"stdClass\"::{}")] // lenient empty count: general path
    [InlineData("O:22:\"__PHP_Incomplete_Class\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Foo\";}")]
    [InlineData("O:3:\"1ab\":0:{}")]
    [InlineData("O:4:\"\\\\Foo\":0:{}")]
    [InlineData("a:1:{i:0;r:1;}")]
    [InlineData("a:2:{i:0;i:5;i:1;R:2;}")]
    [InlineData("S:3:\"\\61bc\";")]
    [InlineData("b:2;")]
    [InlineData("N;trailing")]
    [InlineData("a:1:{i:0;N;")] // truncated
    [InlineData("a:9:{i:0;N;}")] // count larger than what follows
    public void EdgeFormsAgree(string text)
    {
        int fast = 0;
        AssertAgrees(Encoding.Latin1.GetBytes(text), PhpSerializerOptions.Default, ref fast);
    }

    [Fact]
    public void RepeatedStringKeysReplaceInPlaceInArraysAndObjectsOfAnySize()
    {
        // String keys are appended without a lookup when a per-container hash filter proves them
        // new; repeats (and filter collisions) take the full lookup. Sizes cross the 8-key index
        // threshold and the filter's 64 bits.
        var rng = new Random(31);
        int fast = 0;
        foreach (int size in new[] { 1, 2, 7, 8, 9, 40, 63, 64, 65, 200 })
        {
            for (int round = 0; round < 20; round++)
            {
                var keys = new List<string>();
                for (int i = 0; i < size; i++) keys.Add(rng.Next(4) == 0 && keys.Count > 0 ? keys[rng.Next(keys.Count)] : "k" + rng.Next(1000));
                var array = new StringBuilder($"a:{size}:{{");
                var obj = new StringBuilder($"O:8:\"stdClass\":{size}:{{");
                foreach (string k in keys)
                {
                    string entry = $"s:{k.Length}:\"{k}\";i:{rng.Next(100)};";
                    array.Append(entry);
                    obj.Append(entry);
                }
                foreach (var text in new[] { array.Append('}').ToString(), obj.Append('}').ToString() })
                {
                    byte[] input = Encoding.ASCII.GetBytes(text);
                    AssertAgrees(input, PhpSerializerOptions.Default, ref fast);
                    PhpValue value = PhpSerialization.Unserialize(input);
                    int distinct = keys.Distinct().Count();
                    if (value is PhpArray a)
                    {
                        Assert.Equal(distinct, a.Count);
                        foreach (string k in keys) Assert.True(a.ContainsKey(k));
                        Assert.False(a.ContainsKey("absent"));
                        a.Set("added", 1L); // the map stays usable after the unchecked appends
                        Assert.Equal(distinct + 1, a.Count);
                    }
                    else Assert.Equal(distinct, ((PhpObject)value).Count);
                }
            }
        }
        Assert.Equal(400, fast);
    }

    [Fact]
    public void LimitsAreEnforcedWhicheverPathRuns()
    {
        byte[] nested = Encoding.ASCII.GetBytes("a:1:{i:0;a:1:{i:0;a:1:{i:0;i:1;}}}");
        var shallow = new PhpSerializerOptions { MaxDepth = 2 };
        var ex = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(nested, shallow));
        Assert.Contains("Maximum depth of 2", ex.Message);
        Assert.Null(FastTreeParser.TryParse(nested, shallow, null, 0, out _));

        byte[] longString = Encoding.ASCII.GetBytes("s:5:\"hello\";");
        var shortStrings = new PhpSerializerOptions { MaxStringLength = 4 };
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(longString, shortStrings));

        byte[] wide = Encoding.ASCII.GetBytes("a:3:{i:0;N;i:1;N;i:2;N;}");
        var few = new PhpSerializerOptions { MaxElementCount = 2 };
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(wide, few));

        var strict = new PhpSerializerOptions { AllowTrailingBytes = false };
        var trailing = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize("i:1;x"u8, strict));
        Assert.Equal(4, trailing.Offset);
    }

    [Fact]
    public void NestingDeeperThanTheRecursionCapGoesToTheIterativePath()
    {
        int depth = FastTreeParser.MaxRecursion + 50;
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++) sb.Append("a:1:{i:0;");
        sb.Append("i:7;");
        sb.Append('}', depth);
        byte[] bytes = Encoding.ASCII.GetBytes(sb.ToString());
        Assert.Null(FastTreeParser.TryParse(bytes, PhpSerializerOptions.Default, null, 0, out _));
        PhpValue value = PhpSerialization.Unserialize(bytes);
        Assert.Equal(bytes, PhpSerialization.Serialize(value));
    }

    [Fact]
    public void NoCopyModeGivesEqualValuesWhoseStringsViewTheInput()
    {
        var gen = new PlainValues(3);
        for (int i = 0; i < 500; i++)
        {
            byte[] bytes = PhpSerialization.Serialize(gen.Next());
            byte[] padded = new byte[bytes.Length + 7];
            bytes.CopyTo(padded, 5);
            var memory = new ReadOnlyMemory<byte>(padded, 5, bytes.Length);
            PhpValue viewed = PhpSerialization.UnserializeNoCopy(memory);
            Assert.True(PhpSerialization.Unserialize(bytes).Equals(viewed));
            Assert.Equal(bytes, PhpSerialization.Serialize(viewed));
        }

        byte[] input = Encoding.ASCII.GetBytes("a:1:{i:0;s:5:\"hello\";}");
        var s = (PhpString)((PhpArray)PhpSerialization.UnserializeNoCopy(input))[0];
        Assert.True(MemoryMarshal.TryGetArray(s.Memory, out ArraySegment<byte> segment));
        Assert.Same(input, segment.Array); // a view, not a copy
        Assert.Equal(14, segment.Offset);
        Assert.Equal("hello", s.ToUtf8String());

        var copied = (PhpString)((PhpArray)PhpSerialization.Unserialize(input))[0];
        Assert.True(MemoryMarshal.TryGetArray(copied.Memory, out ArraySegment<byte> own));
        Assert.NotSame(input, own.Array); // the default API copies
    }

    [Fact]
    public void NoCopyModeRejectsWhatTheDefaultModeRejects()
    {
        byte[] bad = Encoding.ASCII.GetBytes("a:1:{i:0;s:5:\"hell\";}");
        var a = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Unserialize(bad));
        var b = Assert.Throws<PhpSerializationException>(() => PhpSerialization.UnserializeNoCopy(bad));
        Assert.Equal(a.Message, b.Message);
        Assert.Equal(a.Offset, b.Offset);
    }

    /// <summary>Random trees of the kinds the fast path handles: no references, enums or payloads.</summary>
    private sealed class PlainValues(int seed)
    {
        private readonly Random _rng = new(seed);
        private static readonly string[] Classes = { "stdClass", "BenchOrder", "App\\Model\\User", "Ünï" };

        public PhpValue Next() => Value(_rng.Next(0, 6));

        private PhpValue Value(int depth)
        {
            int r = _rng.Next(100);
            if (depth <= 0 || r < 45) return Scalar();
            if (r < 80)
            {
                var a = new PhpArray();
                int n = _rng.Next(0, 9);
                for (int i = 0; i < n; i++)
                {
                    if (_rng.Next(2) == 0) a.Add(Value(depth - 1));
                    else a.Set(Key(), Value(depth - 1));
                }
                return a;
            }
            var o = new PhpObject(Classes[_rng.Next(Classes.Length)]);
            int props = _rng.Next(0, 5);
            for (int i = 0; i < props; i++)
            {
                string name = "p" + _rng.Next(6);
                switch (_rng.Next(3))
                {
                    case 0: o.Set(name, Value(depth - 1)); break;
                    case 1: o.Set(name, Value(depth - 1), PhpVisibility.Protected); break;
                    default: o.Set(name, Value(depth - 1), PhpVisibility.Private, o.ClassName); break;
                }
            }
            return o;
        }

        private PhpArrayKey Key() => _rng.Next(3) switch
        {
            0 => PhpArrayKey.FromString(Encoding.UTF8.GetBytes("k" + _rng.Next(20))),
            1 => PhpArrayKey.FromInt(_rng.Next(3) == 0 ? _rng.NextInt64(long.MinValue, long.MaxValue) : _rng.Next(-5, 50)),
            _ => PhpArrayKey.FromString(new[] { "5", "05", "-3", "-0", "9223372036854775808", "-9223372036854775808", "" }[_rng.Next(7)]),
        };

        private PhpValue Scalar() => _rng.Next(7) switch
        {
            0 => PhpNull.Instance,
            1 => PhpBool.From(_rng.Next(2) == 0),
            2 => new PhpInt(_rng.Next(3) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => _rng.NextInt64(-100000, 100000) }),
            3 => new PhpInt(_rng.NextInt64(long.MinValue, long.MaxValue)),
            4 => new PhpFloat(_rng.Next(4) switch
            {
                0 => BitConverter.Int64BitsToDouble(_rng.NextInt64(long.MinValue, long.MaxValue)),
                1 => _rng.Next(-1000000, 1000000) / 100.0,
                2 => new[] { 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e25, 1e-5, 0.1 }[_rng.Next(8)],
                _ => _rng.NextDouble() * Math.Pow(10, _rng.Next(-30, 31)),
            }),
            _ => Str(),
        };

        private PhpString Str()
        {
            var b = new byte[_rng.Next(3) == 0 ? _rng.Next(0, 400) : _rng.Next(0, 12)];
            _rng.NextBytes(b);
            return PhpString.FromOwnedBytes(b);
        }
    }
}
