using System.Text;

namespace PhpSerializer.Tests.Mapping;

public enum Color
{
    Red,
    Green,
    Blue = 7,
}

/// <summary>
/// Every supported shape against real PHP: C# serializes the .NET value, PHP serializes the
/// equivalent PHP expression (one PHP run for all cases); the bytes must be identical and the
/// PHP bytes must deserialize back to an equal .NET value.
/// </summary>
public class ShapeMappingTests
{
    private sealed record Case(string Name, object? Value, Type Type, string Php, object? Back = null);

    private static readonly Entity SharedEntity = new() { EntityId = 1 };

    private static Person SelfFriend()
    {
        var p = new Person { Name = "me" };
        p.Friend = p;
        return p;
    }

    private static IEnumerable<Case> Cases()
    {
        yield return new("int", 42, typeof(int), "42");
        yield return new("byte", (byte)255, typeof(byte), "255");
        yield return new("sbyte", (sbyte)-128, typeof(sbyte), "-128");
        yield return new("short", short.MinValue, typeof(short), "-32768");
        yield return new("ushort", ushort.MaxValue, typeof(ushort), "65535");
        yield return new("uint", 4000000000u, typeof(uint), "4000000000");
        yield return new("ulong", (ulong)long.MaxValue, typeof(ulong), "PHP_INT_MAX");
        yield return new("long min", long.MinValue, typeof(long), "PHP_INT_MIN");
        yield return new("bool", true, typeof(bool), "true");
        yield return new("double", 0.1, typeof(double), "0.1");
        yield return new("double exp", 1e25, typeof(double), "1e25");
        yield return new("double -0", -0.0, typeof(double), "-0.0");
        yield return new("double inf", double.NegativeInfinity, typeof(double), "-INF");
        yield return new("float", 1.5f, typeof(float), "1.5");
        yield return new("decimal", 2.25m, typeof(decimal), "2.25");
        yield return new("string", "héllo \"x\";", typeof(string), "'héllo \"x\";'");
        yield return new("empty string", "", typeof(string), "''");
        yield return new("byte[]", new byte[] { 0, 255, 34, 59 }, typeof(byte[]), "\"\\x00\\xff\\\";\"");
        yield return new("int? null", null, typeof(int?), "null");
        yield return new("int? value", 5, typeof(int?), "5");
        yield return new("string null", null, typeof(string), "null");
        yield return new("enum as int", Color.Blue, typeof(Color), "7");
        yield return new("php enum", Suit.Spades, typeof(Suit), "Suit::Spades");
        yield return new("php enum renamed case", Suit.ClubsCase, typeof(Suit), "Suit::Clubs");
        yield return new("nullable php enum", (Status?)Status.Banned, typeof(Status?), "Status::Banned");
        yield return new("repeated enum case is r:", new[] { Suit.Hearts, Suit.Spades, Suit.Hearts }, typeof(Suit[]), "[Suit::Hearts, Suit::Spades, Suit::Hearts]");
        yield return new("int[]", new[] { 1, 2, 3 }, typeof(int[]), "[1, 2, 3]");
        yield return new("empty list", new List<string>(), typeof(List<string>), "[]");
        yield return new("List<string?>", new List<string?> { "a", null, "b" }, typeof(List<string?>), "['a', null, 'b']");
        yield return new("HashSet", new HashSet<int> { 3, 1 }, typeof(HashSet<int>), "[3, 1]");
        yield return new("IEnumerable", Enumerable.Range(0, 3).Select(x => x * 2), typeof(IEnumerable<int>), "[0, 2, 4]", new List<int> { 0, 2, 4 });
        yield return new("IReadOnlyList", new List<long> { -1 }, typeof(IReadOnlyList<long>), "[-1]");
        yield return new("nested lists", new List<int[]> { new[] { 1 }, Array.Empty<int>() }, typeof(List<int[]>), "[[1], []]");
        yield return new("string keys normalised", new Dictionary<string, int> { ["5"] = 1, ["05"] = 2, ["-3"] = 3, ["a"] = 4, ["9223372036854775808"] = 5, ["-0"] = 6 }, typeof(Dictionary<string, int>),
            "['5' => 1, '05' => 2, '-3' => 3, 'a' => 4, '9223372036854775808' => 5, '-0' => 6]");
        yield return new("long keys", new Dictionary<long, string> { [-1] = "x", [long.MaxValue] = "y" }, typeof(Dictionary<long, string>), "[-1 => 'x', PHP_INT_MAX => 'y']");
        yield return new("IReadOnlyDictionary", new Dictionary<int, bool> { [3] = true }, typeof(IReadOnlyDictionary<int, bool>), "[3 => true]");
        yield return new("SortedDictionary", new SortedDictionary<string, double> { ["b"] = 1.0, ["a"] = 0.5 }, typeof(SortedDictionary<string, double>), "['a' => 0.5, 'b' => 1.0]");
        yield return new("dictionary of objects", new Dictionary<string, object?> { ["i"] = 1L, ["s"] = "x", ["n"] = null, ["f"] = 1.5, ["b"] = false },
            typeof(Dictionary<string, object?>), "['i' => 1, 's' => 'x', 'n' => null, 'f' => 1.5, 'b' => false]");
        yield return new("POCO with private/protected/inherited private", new Person { EntityId = 7, CreatedBy = "root", Note = null, Name = "Ann", PersonId = -2, Tags = ["x"], Score = 0.5, Suit = Suit.Spades, Status = Status.Active, Active = true, Blob = [0, 1] },
            typeof(Person), """(function () { $p = new Person; $p->setEntity(7, 'root'); $p->name = 'Ann'; $p->setPerson(-2, ['x']); $p->score = 0.5; $p->suit = Suit::Spades; $p->status = Status::Active; $p->active = true; $p->blob = "\x00\x01"; return $p; })()""");
        yield return new("same object twice is r:", new[] { SharedEntity, SharedEntity }, typeof(Entity[]), "(function () { $e = new Entity; $e->setEntity(1, ''); return [$e, $e]; })()");
        yield return new("self cycle", SelfFriend(), typeof(Person), "(function () { $p = new Person; $p->name = 'me'; $p->friend = $p; return $p; })()");
        yield return new("struct", new Point { X = -5, Y = 9 }, typeof(Point), "(function () { $p = new Point; $p->x = -5; $p->y = 9; return $p; })()");
        yield return new("record with constructor", new Team("t", [], null, new() { [2] = "two" }, new Point(), [Suit.Hearts]), typeof(Team),
            "new Team('t', [], null, [2 => 'two'], new Point, [Suit::Hearts])");
        yield return new("PhpValue passthrough", PhpArray.List(1, "x", PhpNull.Instance), typeof(PhpValue), "[1, 'x', null]");
    }

    [Fact]
    public void EveryShapeSerializesLikePhpAndReadsBack()
    {
        var options = new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase }
            .RegisterClass<Team>().RegisterClass<Person>().RegisterClass<Entity>().RegisterClass<Point>();
        var cases = Cases().ToList();
        var php = new StringBuilder("$out = '';\n");
        foreach (var c in cases) php.Append("$out .= frame(serialize(").Append(c.Php).Append("));\n");
        php.Append("echo $out;\n");
        var expected = MappingPhp.Generate(php.ToString());
        Assert.Equal(cases.Count, expected.Count);

        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            byte[] mine = PhpSerialization.Serialize(c.Value, c.Type, options);
            if (!mine.AsSpan().SequenceEqual(expected[i]))
            {
                failures.Add($"{c.Name}\n php: {MappingPhp.Show(expected[i])}\n  c#: {MappingPhp.Show(mine)}");
                continue;
            }
            object? back = PhpSerialization.Deserialize(expected[i], c.Type, options);
            try { GraphAssert.Equal(c.Back ?? c.Value, back); }
            catch (Exception e) { failures.Add($"{c.Name}: read back differs: {e.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
