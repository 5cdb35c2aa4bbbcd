using System.Text;

namespace PhpSerializer.Tests.Mapping;

/// <summary>
/// Object mapping through real PHP. PHP declares the same classes (typed
/// properties, protected, private, an inherited private with the same name, a backed and a pure
/// enum, a constructor-promoted class, a struct-like class); one PHP process handles all cases.
/// </summary>
public class PhpMappingDifferentialTests
{
    private static PhpSerializerOptions Options() => new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase }
        .RegisterClass<Team>().RegisterClass<Person>().RegisterClass<Entity>().RegisterClass<Point>()
        .RegisterClass<Suit>().RegisterClass<Status>();

    [Fact]
    public void CSharpObjectsSurvivePhpUnserializeAndSerializeByteForByte()
    {
        var options = Options();
        var random = new MappingRandom(20261125);
        var teams = Enumerable.Range(0, 400).Select(_ => random.NextTeam()).ToList();
        var bytes = teams.Select(t => PhpSerialization.Serialize(t, options)).ToList();

        // the corpus must really contain what the test claims to cover
        string all = string.Join("\n", bytes.Select(MappingPhp.Show));
        foreach (string feature in new[] { "r:", "\"App\\Model\\Suit:Hearts\";", "\"App\\Model\\Status:Banned\";", "\\x00*\\x00tags", "\\x00App\\Model\\Entity\\x00id", "\\x00App\\Model\\Person\\x00id", "d:NAN;", "d:-0;", "d:1.0E+25;", "i:-9223372036854775808;", "\\x00\\xff", "O:15:\"App\\Model\\Point\"" })
            Assert.Contains(feature, all);

        var php = MappingPhp.RoundTrip(bytes, "\\App\\Model\\Team");
        var failures = new List<string>();
        for (int i = 0; i < teams.Count; i++)
        {
            var (ok, phpBytes) = php[i];
            if (!ok)
            {
                failures.Add($"#{i} PHP rejected: {Encoding.UTF8.GetString(phpBytes)}\n c#: {MappingPhp.Show(bytes[i])}");
                continue;
            }
            if (!phpBytes.AsSpan().SequenceEqual(bytes[i]))
            {
                failures.Add($"#{i}\n php: {MappingPhp.Show(phpBytes)}\n  c#: {MappingPhp.Show(bytes[i])}");
                continue;
            }
            var back = PhpSerialization.Deserialize<Team>(phpBytes, options);
            GraphAssert.Equal(teams[i], back);
            GraphAssert.Equal(PhpSerialization.DeserializeFromTree<Team>(phpBytes, options), back);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {teams.Count} differ:\n" + string.Join("\n", failures.Take(3)));
    }

    [Fact]
    public void PhpMadeObjectsMapToCSharpAndSerializeBackIdentically()
    {
        const string body = """
            mt_srand((int)$argv[1]);
            $words = ['', 'a', 'Zoë', "nul\0byte", '5', '05', '-3', 'x y'];
            $w = fn() => $words[mt_rand(0, count($words) - 1)];
            $person = function () use ($w): Person {
                $p = new Person();
                $p->setEntity(mt_rand(-1000, 1000), $w());
                $p->note = mt_rand(0, 2) ? $w() : null;
                $p->name = $w();
                $tags = []; for ($i = mt_rand(0, 3); $i > 0; $i--) $tags[] = $w();
                $p->setPerson(mt_rand(PHP_INT_MIN, PHP_INT_MAX), $tags);
                $p->score = [0.0, -0.0, 0.1, 1e25, 1e-5, INF, -INF, mt_rand() / 7][mt_rand(0, 7)];
                $p->suit = [Suit::Hearts, Suit::Spades, Suit::Clubs][mt_rand(0, 2)];
                $p->status = [null, Status::Active, Status::Banned][mt_rand(0, 2)];
                for ($i = mt_rand(0, 3); $i > 0; $i--) $p->scores[$w()] = mt_rand(-5, 5);
                $p->active = (bool)mt_rand(0, 1);
                $n = mt_rand(0, 6); $p->blob = $n ? random_bytes($n) : "";
                return $p;
            };
            $out = '';
            for ($n = 0; $n < (int)$argv[2]; $n++) {
                $people = []; for ($i = mt_rand(0, 4); $i > 0; $i--) $people[] = $person();
                foreach ($people as $p) { $k = mt_rand(0, 3); if ($k == 1) $p->friend = $p; elseif ($k == 2) $p->friend = $people[array_rand($people)]; }
                $members = $people; if ($people && mt_rand(0, 1)) $members[] = $people[0];
                $meta = []; for ($i = mt_rand(0, 3); $i > 0; $i--) $meta[mt_rand(-9, 9)] = $w();
                $origin = new Point(); $origin->x = mt_rand(-99, 99); $origin->y = mt_rand(-99, 99);
                $suits = []; for ($i = mt_rand(0, 3); $i > 0; $i--) $suits[] = [Suit::Hearts, Suit::Spades, Suit::Clubs][mt_rand(0, 2)];
                $out .= frame(serialize(new Team($w(), $members, $people ? $people[array_rand($people)] : null, $meta, $origin, $suits)));
            }
            echo $out;
            """;
        var options = Options();
        var frames = MappingPhp.Generate(body, "77", "300");
        Assert.Equal(300, frames.Count);
        string all = string.Join("\n", frames.Select(MappingPhp.Show));
        foreach (string feature in new[] { "r:", "E:", "\\x00*\\x00tags", "\\x00App\\Model\\Entity\\x00id", "d:INF;" })
            Assert.Contains(feature, all);
        foreach (var phpBytes in frames)
        {
            var team = PhpSerialization.Deserialize<Team>(phpBytes, options);
            Assert.NotNull(team);
            GraphAssert.Equal(PhpSerialization.DeserializeFromTree<Team>(phpBytes, options), team); // streaming path = tree path
            var again = PhpSerialization.Serialize(team, options);
            Assert.True(again.AsSpan().SequenceEqual(phpBytes), $"\n php: {MappingPhp.Show(phpBytes)}\n  c#: {MappingPhp.Show(again)}");
            GraphAssert.Equal(team, PhpSerialization.Deserialize<Team>(again, options));
        }
    }
}
