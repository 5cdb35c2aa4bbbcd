using System.Globalization;
using System.Text;

namespace PhpSerializer.Tests;

/// <summary>
/// Seeded random <see cref="PhpValue"/> trees for the C# -> PHP differential test: scalars with
/// edge cases, binary strings, nested arrays, objects of unknown classes (PHP keeps them as
/// __PHP_Incomplete_Class) with public/protected/private names, shared objects (r:), shared
/// reference cells (R:), enum cases and Serializable objects of the classes in php/classes.php.
/// </summary>
internal sealed class RandomPhpValues(int seed)
{
    private readonly Random _rng = new(seed);
    private readonly List<PhpObject> _objects = new();
    private readonly List<PhpReference> _references = new();

    private static readonly double[] EdgeFloats =
    {
        0.0, -0.0, 0.1, 1e25, 1e-5, 1e16, 1e17, 1e-4, 5e-324, double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, double.NaN, 123456789012345678.0, 0.30000000000000004, 1.5, -2.5e-10,
    };

    private static readonly long[] EdgeInts = { 0, -1, 1, long.MaxValue, long.MinValue, 255, -256, 1L << 53 };
    private static readonly string[] ClassNames = { "stdClass", "Foo", "Bar\\Baz", "Ünïcode", "_x1", "Model\\User" };
    private static readonly string[] Enums = { "Suit:Hearts", "Suit:Spades", "Suit:Clubs", "Status:Active", "Status:Inactive" };

    public PhpValue Next()
    {
        _objects.Clear();
        _references.Clear();
        return Value(_rng.Next(0, 6));
    }

    private PhpValue Value(int depth)
    {
        int r = _rng.Next(100);
        if (depth <= 0 || r < 35) return Scalar();
        if (r < 42 && _objects.Count > 0) return _objects[_rng.Next(_objects.Count)];
        if (r < 48 && _references.Count > 0) return _references[_rng.Next(_references.Count)];
        if (r < 52)
        {
            var cell = new PhpReference(_rng.Next(3) == 0 && _objects.Count > 0 ? _objects[_rng.Next(_objects.Count)] : Value(depth - 1).Dereference());
            _references.Add(cell);
            return cell;
        }
        if (r < 56) return new PhpEnumCase(Encoding.UTF8.GetBytes(Enums[_rng.Next(Enums.Length)]));
        if (r < 59) return new PhpSerializableObject("OldStyle", PhpSerialization.Serialize(PayloadValue(2)));
        if (r < 80)
        {
            var a = new PhpArray();
            int n = _rng.Next(0, 7);
            for (int i = 0; i < n; i++)
            {
                if (_rng.Next(2) == 0 && !a.ContainsKey(a.NextFreeIndex)) a.Add(Value(depth - 1));
                else a.Set(Key(), Value(depth - 1));
            }
            return a;
        }
        var o = new PhpObject(ClassNames[_rng.Next(ClassNames.Length)]);
        _objects.Add(o);
        int props = _rng.Next(0, 5);
        for (int i = 0; i < props; i++)
        {
            string name = PropertyName();
            switch (_rng.Next(3))
            {
                case 0: o.Set(name, Value(depth - 1)); break;
                case 1: o.Set(name, Value(depth - 1), PhpVisibility.Protected); break;
                default: o.Set(name, Value(depth - 1), PhpVisibility.Private, _rng.Next(2) == 0 ? o.ClassName : "ParentClass"); break;
            }
        }
        return o;
    }

    // Payloads hold no objects or references: they are self-contained serialize() output.
    private PhpValue PayloadValue(int depth)
    {
        if (depth <= 0 || _rng.Next(3) == 0) return Scalar();
        var a = new PhpArray();
        int n = _rng.Next(0, 4);
        for (int i = 0; i < n; i++) a.Set(Key(), PayloadValue(depth - 1));
        return a;
    }

    private string PropertyName() => _rng.Next(4) switch
    {
        0 => "p" + _rng.Next(10),
        1 => "name_" + _rng.Next(3),
        2 => "é" + _rng.Next(3),
        _ => _rng.Next(100).ToString(CultureInfo.InvariantCulture),
    };

    private PhpArrayKey Key() => _rng.Next(3) switch
    {
        0 => PhpArrayKey.FromString(RandomBytes(_rng.Next(0, 8))),
        1 => PhpArrayKey.FromInt(Int()),
        _ => PhpArrayKey.FromString(new[] { "5", "05", "-3", "-0", "9223372036854775808", "-9223372036854775808", "a", "" }[_rng.Next(8)]),
    };

    private PhpValue Scalar() => _rng.Next(6) switch
    {
        0 => PhpNull.Instance,
        1 => PhpBool.From(_rng.Next(2) == 0),
        2 => new PhpInt(Int()),
        3 => new PhpFloat(Float()),
        _ => PhpString.FromOwnedBytes(RandomBytes(_rng.Next(0, 3) == 0 ? _rng.Next(0, 300) : _rng.Next(0, 16))),
    };

    private long Int() => _rng.Next(3) switch
    {
        0 => EdgeInts[_rng.Next(EdgeInts.Length)],
        1 => _rng.NextInt64(long.MinValue, long.MaxValue),
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
