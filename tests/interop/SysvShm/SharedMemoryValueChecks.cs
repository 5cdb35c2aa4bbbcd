using System.Text;
using PhpSerializer;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>Value-model checks of the exchange test: C# reads PhpValues equal to PHP's and writes PhpValues PHP reads equal.</summary>
internal static class SharedMemoryValueChecks
{
    /// <summary>The C# side of <see cref="SysvShmValueExchangeTests.PhpValues"/>, for the keys that have a simple literal here.</summary>
    public static Dictionary<long, PhpValue> Expected()
    {
        var point = new PhpObject("Point");
        point.Set("x", 1L);
        point.Set("y", PhpArray.List(2L), PhpVisibility.Protected);
        point.Set("z", "three", PhpVisibility.Private, "Point");
        var std = new PhpObject("stdClass");
        std.Set("a", 1L);
        std.Set("b", PhpArray.List(1.25));
        var mixed = new PhpArray
        {
            { 0L, 1L },
            { 1L, 2L },
            { "a", new PhpArray { { "nested", true } } },
            { 5L, "five" },
            { PhpArrayKey.RawString("05"), "str key" },
            { -3L, PhpNull.Instance },
        };
        return new Dictionary<long, PhpValue>
        {
            [1] = PhpNull.Instance, [2] = true, [3] = false, [4] = 0L, [5] = -42L, [6] = long.MaxValue, [7] = long.MinValue,
            [8] = 1.5, [9] = -0.0, [10] = 1e100, [11] = 0.1, [12] = double.PositiveInfinity, [13] = double.NegativeInfinity,
            [14] = double.NaN, [15] = 1e-7,
            [16] = "", [17] = new PhpString("h\u00e9llo\0"u8.ToArray().Concat(new byte[] { 0xFF, 0x80 }).Concat(" bytes"u8.ToArray()).ToArray()),
            [18] = new string('x', 3000), [19] = new PhpArray(), [20] = mixed, [21] = std, [22] = point,
            [24] = new PhpEnumCase("Suit", "Hearts"),
        };
    }

    public static void ReadEqualValues(PhpSharedMemory shm, IReadOnlyDictionary<long, byte[]> phpBytes)
    {
        Dictionary<long, PhpValue> expected = Expected();
        foreach (var (key, bytes) in phpBytes)
        {
            PhpValue got = shm.Get(key);
            Assert.True(shm.TryGet(key, out PhpValue? again) && again.Equals(got));
            // Every kind round-trips to PHP's exact bytes (objects, references, enums, floats included).
            Assert.Equal(Encoding.Latin1.GetString(bytes), Encoding.Latin1.GetString(PhpSerialization.Serialize(got)));
            if (expected.TryGetValue(key, out PhpValue? value))
                Assert.True(value.Equals(got), $"key {key}: expected\n{value}\ngot\n{got}");
        }
        Assert.Throws<KeyNotFoundException>(() => shm.Get(12345));
        Assert.False(shm.TryGet(12345, out _));
    }

    public static void WriteValues(PhpSharedMemory shm, IReadOnlyDictionary<long, byte[]> phpBytes, long keyOffset)
    {
        foreach (var (key, value) in Expected())
        {
            Assert.True(phpBytes.ContainsKey(key));
            shm.Put(key + keyOffset, value);
        }
    }
}
