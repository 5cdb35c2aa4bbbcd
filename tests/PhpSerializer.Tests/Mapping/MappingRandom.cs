using System.Globalization;

namespace PhpSerializer.Tests.Mapping;

/// <summary>Seeded random Team graphs: shared people, cycles, binary blobs, edge numbers, tricky keys.</summary>
internal sealed class MappingRandom(int seed)
{
    private readonly Random _r = new(seed);

    private static readonly string[] Words = ["", "a", "Zoë", "日本語", "with \"quotes\";", "semi;colon:{}", "5", "05", "-3", "0", "abc", "9223372036854775808", "tab\tnew\nline"];
    private static readonly double[] Doubles = [0.0, -0.0, 0.1, 1.5, -2.25, 1e25, 1e-5, 1e16, 1e17, 123456789.125, double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 3.0000000000000004];
    private static readonly long[] Longs = [0, 1, -1, 42, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];

    public Team NextTeam()
    {
        int n = _r.Next(0, 5);
        var people = new List<Person>();
        for (int i = 0; i < n; i++) people.Add(NextPerson());
        // friends: none, another member, itself (cycle), or a mutual pair
        foreach (var p in people)
        {
            int pick = _r.Next(4);
            if (pick == 1 && people.Count > 0) p.Friend = people[_r.Next(people.Count)];
            else if (pick == 2) p.Friend = p;
            else if (pick == 3) p.Friend = NextPerson();
        }
        var members = new List<Person>(people);
        if (people.Count > 0 && _r.Next(3) == 0) members.Add(people[_r.Next(people.Count)]); // the same object twice -> r:
        Person? lead = people.Count > 0 && _r.Next(2) == 0 ? people[_r.Next(people.Count)] : (_r.Next(3) == 0 ? NextPerson() : null);
        var meta = new Dictionary<long, string>();
        for (int i = _r.Next(4); i > 0; i--) meta[Longs[_r.Next(Longs.Length)]] = Word();
        var suits = new Suit[_r.Next(4)];
        for (int i = 0; i < suits.Length; i++) suits[i] = (Suit)_r.Next(3);
        return new Team(Word(), members, lead, meta, new Point { X = _r.Next(int.MinValue, int.MaxValue), Y = (short)_r.Next(short.MinValue, short.MaxValue) }, suits);
    }

    private Person NextPerson()
    {
        var p = new Person
        {
            EntityId = _r.Next(int.MinValue, int.MaxValue),
            CreatedBy = Word(),
            Note = _r.Next(3) == 0 ? null : Word(),
            Name = Word(),
            PersonId = Longs[_r.Next(Longs.Length)],
            Score = _r.Next(3) == 0 ? _r.NextDouble() * Math.Pow(10, _r.Next(-10, 30)) : Doubles[_r.Next(Doubles.Length)],
            Suit = (Suit)_r.Next(3),
            Status = _r.Next(3) switch { 0 => null, 1 => Status.Active, _ => Status.Banned },
            Active = _r.Next(2) == 0,
            Blob = Bytes(),
        };
        for (int i = _r.Next(4); i > 0; i--) p.Tags.Add(Word());
        for (int i = _r.Next(4); i > 0; i--) p.Scores[Word()] = _r.Next(int.MinValue, int.MaxValue);
        return p;
    }

    private string Word() => Words[_r.Next(Words.Length)] + (_r.Next(4) == 0 ? _r.Next(100).ToString(CultureInfo.InvariantCulture) : "");

    private byte[] Bytes()
    {
        var b = new byte[_r.Next(0, 12)];
        _r.NextBytes(b);
        if (b.Length > 1) { b[0] = 0; b[^1] = 0xff; }
        return b;
    }
}
