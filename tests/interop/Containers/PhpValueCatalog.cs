using System.Globalization;
using PhpSerializer;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// Values of every kind <c>serialize()</c> has, each as a PHP expression and as the C# model built
/// independently of PHP. Enum cases exist from PHP 8.1 on, so <see cref="For"/> leaves them out for 7.4.
/// </summary>
internal static class PhpValueCatalog
{
    /// <summary>One value: its name, the PHP expression that makes it, the C# model, the first PHP it exists in.</summary>
    public sealed record Case(string Name, string Php, Func<PhpValue> CSharp, int MinPhp = 70400, int MaxPhp = 99999);

    /// <summary>Class and enum declarations the PHP expressions need (enum only from PHP 8.1).</summary>
    public static string Prelude(int phpVersionId) =>
        """
        error_reporting(E_ALL & ~E_DEPRECATED); // Serializable without __serialize is deprecated in 8.1+
        class Cust { public $a = 1; protected $b = 'p'; private $c = [1, 2]; }
        class Child extends Cust { private $c = 'child'; public $d = null; }
        class Legacy implements Serializable {
            public $d;
            public function __construct($d = null) { $this->d = $d; }
            public function serialize() { return 'raw:' . $this->d; }
            public function unserialize($s) { $this->d = substr($s, 4); }
        }
        """ + (phpVersionId >= 80100 ? "\nenum Suit: string { case Hearts = 'H'; case Spades = 'S'; }\n" : "\n");

    private static readonly Case[] All =
    [
        new("null", "null", () => PhpNull.Instance),
        new("true", "true", () => true),
        new("false", "false", () => false),
        new("int 0", "0", () => 0L),
        new("int -42", "-42", () => -42L),
        new("int max", "PHP_INT_MAX", () => long.MaxValue),
        new("int min", "PHP_INT_MIN", () => long.MinValue),
        new("float 1.5", "1.5", () => 1.5),
        new("float 0.1", "0.1", () => 0.1),
        new("float -0.0", "-0.0", () => -0.0),
        new("float 1e25", "1e25", () => 1e25),
        new("float 1e16", "1e16", () => 1e16),
        new("float 0.0001", "0.0001", () => 0.0001),
        new("float 1e-5", "1e-5", () => 1e-5),
        new("float denormal", "5e-324", () => double.Epsilon),
        new("float pi", "M_PI", () => Math.PI),
        new("float INF", "INF", () => double.PositiveInfinity),
        new("float -INF", "-INF", () => double.NegativeInfinity),
        new("float NAN", "NAN", () => double.NaN),
        new("empty string", "''", () => ""),
        new("utf-8 string", "\"h\\u{e9}llo \\u{2603} \\u{1F418}\"", () => "h\u00e9llo \u2603 \U0001F418"),
        new("binary string", "\"\\0\\x01\\xff\\xfe\\\"'\\n;}\"", () => new byte[] { 0, 1, 0xff, 0xfe, (byte)'"', (byte)'\'', (byte)'\n', (byte)';', (byte)'}' }),
        new("long string", "str_repeat('ab', 1500)", () => string.Concat(Enumerable.Repeat("ab", 1500))),
        new("empty array", "[]", () => new PhpArray()),
        new("list", "[1, 'two', 3.5, null, false]", () => PhpArray.List(1L, "two", 3.5, PhpNull.Instance, false)),
        new("map with int-like keys", "['a' => 1, 5 => 'five', '-3' => true, '05' => null, '9223372036854775808' => 'big']", () =>
        {
            var a = new PhpArray();
            a.Add("a", 1L);
            a.Add(5L, "five");
            a.Add(-3L, true);
            a.Add(PhpArrayKey.RawString("05"), PhpNull.Instance);
            a.Add(PhpArrayKey.RawString("9223372036854775808"), "big");
            return a;
        }),
        new("nested arrays", "[[[1, [2]], []], ['k' => ['l' => 'm']]]", () =>
        {
            var inner = new PhpArray();
            inner.Add("l", "m");
            var k = new PhpArray();
            k.Add("k", inner);
            return PhpArray.List(PhpArray.List(PhpArray.List(1L, PhpArray.List(2L)), new PhpArray()), k);
        }),
        new("stdClass", "(object)['x' => 1, 'y' => [1, 2], 'z' => (object)[]]", () =>
        {
            var o = new PhpObject("stdClass");
            o.Add("x", 1L);
            o.Add("y", PhpArray.List(1L, 2L));
            o.Add("z", new PhpObject("stdClass"));
            return o;
        }),
        new("class with visibilities", "new Cust()", () =>
        {
            var o = new PhpObject("Cust");
            o.Set("a", 1L);
            o.Set("b", "p", PhpVisibility.Protected);
            o.Set("c", PhpArray.List(1L, 2L), PhpVisibility.Private, "Cust");
            return o;
        }),
        // PHP 8.1 changed the order of declared properties: 7.4 lists the subclass's own first,
        // 8.1+ the inherited ones first. serialize() follows that order on both sides.
        new("private property shadowed by a subclass", "new Child()", () => Child(parentFirst: false), MaxPhp: 80099),
        new("private property shadowed by a subclass", "new Child()", () => Child(parentFirst: true), MinPhp: 80100),
        new("same object twice (r:)", "(function () { $o = new stdClass; $o->n = 1; return [$o, $o, 'after']; })()", () =>
        {
            var o = new PhpObject("stdClass");
            o.Add("n", 1L);
            return PhpArray.List(o, o, "after");
        }),
        new("PHP references (R:)", "(function () { $x = 1; $y = 'y'; return [&$x, &$x, 5, &$y, &$y]; })()", () =>
        {
            var x = new PhpReference(1L);
            var y = new PhpReference("y");
            return PhpArray.List(x, x, 5L, y, y);
        }),
        new("Serializable (C:)", "[new Legacy('abc'), new Legacy('')]", () =>
            PhpArray.List(new PhpSerializableObject("Legacy", "raw:abc"u8), new PhpSerializableObject("Legacy", "raw:"u8))),
        new("enum cases", "[Suit::Hearts, Suit::Spades, Suit::Hearts]", () =>
        {
            var hearts = new PhpEnumCase("Suit", "Hearts");
            return PhpArray.List(hearts, new PhpEnumCase("Suit", "Spades"), hearts);
        }, MinPhp: 80100),
    ];

    /// <summary>The cases that exist in PHP <paramref name="phpVersionId"/> (<c>PHP_VERSION_ID</c>).</summary>
    public static IReadOnlyList<Case> For(int phpVersionId) => Array.FindAll(All, c => c.MinPhp <= phpVersionId && phpVersionId <= c.MaxPhp);

    private static PhpObject Child(bool parentFirst)
    {
        var o = new PhpObject("Child");
        if (!parentFirst) AddChildOwn(o);
        o.Set("a", 1L);
        o.Set("b", "p", PhpVisibility.Protected);
        o.Set("c", PhpArray.List(1L, 2L), PhpVisibility.Private, "Cust");
        if (parentFirst) AddChildOwn(o);
        return o;

        static void AddChildOwn(PhpObject o)
        {
            o.Set("c", "child", PhpVisibility.Private, "Child");
            o.Set("d", PhpNull.Instance);
        }
    }

    /// <summary><c>PHP_VERSION_ID</c> of a version string such as <c>8.2.32</c>.</summary>
    public static int VersionId(string phpVersion)
    {
        string[] parts = phpVersion.Split('.');
        return int.Parse(parts[0], CultureInfo.InvariantCulture) * 10000 + int.Parse(parts[1], CultureInfo.InvariantCulture) * 100 + (parts.Length > 2 ? int.Parse(new string(parts[2].TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>PHP code for an array literal of every case, keyed by its index.</summary>
    public static string PhpArrayOf(IReadOnlyList<Case> cases)
    {
        var sb = new System.Text.StringBuilder("[\n");
        for (int i = 0; i < cases.Count; i++) sb.Append("  ").Append(i + 1).Append(" => ").Append(cases[i].Php).Append(",\n");
        return sb.Append(']').ToString();
    }
}
