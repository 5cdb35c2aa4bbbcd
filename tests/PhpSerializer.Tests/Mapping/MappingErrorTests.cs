using System.Text;

namespace PhpSerializer.Tests.Mapping;

/// <summary>Type mismatches, overflow, limits, unsupported types and hostile input: always a typed, explanatory exception.</summary>
public class MappingErrorTests
{
    private static PhpSerializationException Fails<T>(string data, PhpSerializerOptions? options = null)
        => Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<T>(Encoding.UTF8.GetBytes(data), options));

    [Fact]
    public void TypeMismatchNamesThePhpValueTheTargetAndThePath()
    {
        var e = Fails<Node>("O:4:\"Node\":1:{s:5:\"Value\";s:3:\"abc\";}");
        Assert.Contains("PHP string(3)", e.Message);
        Assert.Contains("System.Int32", e.Message);
        Assert.Contains("$.Value", e.Message);
        Assert.Equal("O:4:\"Node\":1:{s:5:\"Value\";".Length, e.Offset); // the offending value, located again in the input
        const string nested = "O:4:\"Node\":1:{s:8:\"Children\";a:2:{i:0;O:4:\"Node\":0:{}i:1;i:5;}}";
        e = Fails<Node>(nested);
        Assert.Contains("$.Children[1]", e.Message);
        Assert.Equal(nested.IndexOf("i:5;", StringComparison.Ordinal), e.Offset);
        e = Fails<Dictionary<string, int>>("a:1:{s:1:\"k\";b:1;}");
        Assert.Contains("$[\"k\"]", e.Message);
        Assert.Equal(13, e.Offset);
        Fails<bool>("i:1;");
        Fails<double>("s:1:\"1\";");
        Fails<string>("i:1;");
        Fails<byte[]>("i:1;");
        Fails<List<int>>("i:1;");
        Fails<Node>("a:0:{}");
        Fails<Suit>("i:0;");
        Fails<Color>("E:3:\"A:B\";");
    }

    [Fact]
    public void IntegerOverflowIsReportedBothWays()
    {
        Assert.Contains("out of range for Byte", Fails<byte>("i:256;").Message);
        Fails<sbyte>("i:-129;");
        Fails<int>("i:2147483648;");
        Fails<uint>("i:-1;");
        Fails<ulong>("i:-1;");
        Fails<Color>("i:2147483648;");
        Fails<Dictionary<short, int>>("a:1:{i:40000;i:1;}");
        Fails<float>("d:1.0E+300;");
        Fails<decimal>("d:1.0E+300;");
        Assert.Equal(byte.MaxValue, PhpSerialization.Deserialize<byte>("i:255;"u8));
        Assert.Equal(long.MinValue, PhpSerialization.Deserialize<long>("i:-9223372036854775808;"u8));
        var w = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(ulong.MaxValue));
        Assert.Contains("does not fit in a PHP int", w.Message);
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(HugeInt.Max));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(new Dictionary<ulong, int> { [ulong.MaxValue] = 1 }));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize((Suit)42)); // not a named case
    }

    [Fact]
    public void NullNonListsBadKeysAndBadUtf8AreRejected()
    {
        Assert.Contains("PHP null cannot be converted to System.Int32", Fails<int>("N;").Message);
        Assert.Null(PhpSerialization.Deserialize<int?>("N;"u8));
        Assert.Contains("not a list", Fails<List<int>>("a:1:{i:1;i:5;}").Message);
        Assert.Contains("not a list", Fails<int[]>("a:1:{s:1:\"a\";i:5;}").Message);
        Assert.Contains("is a string", Fails<Dictionary<int, int>>("a:1:{s:1:\"a\";i:5;}").Message);
        Assert.Contains("UTF-8", Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<string>(new byte[] { (byte)'s', (byte)':', (byte)'1', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)';' })).Message);
        Assert.Equal(new byte[] { 0xC3 }, PhpSerialization.Deserialize<byte[]>(new byte[] { (byte)'s', (byte)':', (byte)'1', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)';' }));
        // int keys read into string keys as their decimal text
        Assert.Equal("5", Assert.Single(PhpSerialization.Deserialize<Dictionary<string, int>>("a:1:{i:5;i:1;}"u8)!).Key);
    }

    [Fact]
    public void PhpEnumErrorsNameTheCase()
    {
        Assert.Contains("not a case of App\\Model\\Suit", Fails<Suit>("E:12:\"Other:Hearts\";").Message);
        Assert.Contains("no case 'Diamonds'", Fails<Suit>("E:23:\"App\\Model\\Suit:Diamonds\";").Message);
        Assert.Contains("no case 'ClubsCase'", Fails<Suit>("E:24:\"App\\Model\\Suit:ClubsCase\";").Message); // the PHP name is Clubs
        Assert.Equal(Suit.ClubsCase, PhpSerialization.Deserialize<Suit>("E:20:\"app\\model\\suit:Clubs\";"u8)); // class names ignore ASCII case
        Assert.Equal("E:9:\"Big:Small\";", Encoding.UTF8.GetString(PhpSerialization.Serialize(BigEnum.Small)));
    }

    [Fact]
    public void MalformedInputKeepsTheReaderOffset()
    {
        var e = Fails<Node>("O:4:\"Node\":1:{s:5:\"Value\";i:1}");
        Assert.Equal(26, e.Offset); // the start of "i:1}", which is no token (PHP's offset too)
    }

    [Fact]
    public void DepthLimitAndListCyclesFailCleanlyWhenWriting()
    {
        var options = new PhpSerializerOptions { MaxDepth = 10 };
        var deep = new Node();
        for (int i = 0; i < 20; i++) deep = new Node { Next = deep };
        Assert.Contains("Maximum depth of 10", Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(deep, options)).Message);

        // a list that contains itself has no r: form in PHP (arrays are values): the depth limit stops it
        var self = new List<object>();
        self.Add(self);
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(self));

        // a very long linked chain: a typed error, never a stack overflow
        var chain = new Node();
        for (int i = 0; i < 200_000; i++) chain = new Node { Next = chain };
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(chain, new PhpSerializerOptions { MaxDepth = 0 }));
    }

    [Fact]
    public void DeepInputIsLimitedWhenReading()
    {
        string deep = string.Concat(Enumerable.Repeat("a:1:{i:0;", 5000)) + "N;" + new string('}', 5000);
        Assert.Contains("Maximum depth", Fails<object>(deep).Message);
        string ok = string.Concat(Enumerable.Repeat("a:1:{i:0;", 4000)) + "N;" + new string('}', 4000);
        Fails<List<List<int>>>(ok); // type mismatch deep down, reported with a path, no stack overflow
    }

    [Fact]
    public void UnsupportedTypesAreConfigurationErrors()
    {
        Assert.Throws<InvalidOperationException>(() => PhpSerialization.Serialize(DateTime.UnixEpoch));
        Assert.Throws<InvalidOperationException>(() => PhpSerialization.Serialize(new Dictionary<Guid, int>()));
        Assert.Throws<InvalidOperationException>(() => PhpSerialization.Serialize(new int[1, 1]));
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Serialize(new object()));
        // no usable constructor: writing works, reading says why
        byte[] bytes = PhpSerialization.Serialize(new TwoConstructors(3));
        Assert.Equal("O:8:\"TwoCtors\":1:{s:1:\"A\";i:3;}", Encoding.UTF8.GetString(bytes));
        Assert.Contains("[PhpConstructor]", Assert.Throws<InvalidOperationException>(() => PhpSerialization.Deserialize<TwoConstructors>(bytes)).Message);
    }

    [Fact]
    public void HostileMutationsOfMappedDataOnlyRaiseTypedErrors()
    {
        var options = new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase }
            .RegisterClass<Team>().RegisterClass<Person>().RegisterClass<Entity>().RegisterClass<Point>();
        var random = new MappingRandom(99);
        var rng = new Random(4242);
        var seeds = Enumerable.Range(0, 40).Select(_ => PhpSerialization.Serialize(random.NextTeam(), options)).ToList();
        byte[] alphabet = "0123456789:;{}\"aisdbNOrREC-+.\0\xff"u8.ToArray();
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 5_000; i++)
        {
            byte[] m = (byte[])seeds[rng.Next(seeds.Count)].Clone();
            for (int k = rng.Next(1, 4); k > 0; k--)
            {
                int at = rng.Next(m.Length);
                switch (rng.Next(3))
                {
                    case 0: m[at] = alphabet[rng.Next(alphabet.Length)]; break;
                    case 1: m = m.AsSpan(0, at).ToArray(); break;
                    default: m[at] = (byte)rng.Next(256); break;
                }
                if (m.Length == 0) break;
            }
            try
            {
                var team = PhpSerialization.Deserialize<Team>(m, options);
                PhpSerialization.Serialize(team, options);
                parsed++;
            }
            catch (PhpSerializationException)
            {
                rejected++;
            }
        }
        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}");
    }
}
