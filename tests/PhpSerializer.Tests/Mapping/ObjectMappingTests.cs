using System.Buffers;
using System.Text;

namespace PhpSerializer.Tests.Mapping;

/// <summary>Attribute behaviour, class map rules, identity, polymorphism and the value-model fallbacks.</summary>
public class ObjectMappingTests
{
    private static string Text(byte[] b) => MappingPhp.Show(b);

    [Fact]
    public void AttributesSetNamesVisibilityOrderAndIgnore()
    {
        var item = new Item { Sku = "A1", Stock = 3, Secret = "s", First = "f" };
        string s = Text(PhpSerialization.Serialize(item));
        Assert.Equal("O:9:\"Shop\\Item\":5:{s:5:\"First\";s:1:\"f\";s:8:\"sku_code\";s:2:\"A1\";s:8:\"\\x00*\\x00Stock\";i:3;s:17:\"\\x00Shop\\Base\\x00secret\";s:1:\"s\";s:8:\"Computed\";i:6;}", s);
        var back = PhpSerialization.Deserialize<Item>(PhpSerialization.Serialize(item))!;
        Assert.Equal(("A1", 3, "s", "f", "keep"), (back.Sku, back.Stock, back.Secret, back.First, back.Ignored));
    }

    [Fact]
    public void NamingPoliciesAndDefaultClassName()
    {
        var value = new Unattributed { UserId = 5, DisplayName = "x" };
        Assert.Equal("O:12:\"Unattributed\":2:{s:6:\"UserId\";i:5;s:11:\"DisplayName\";s:1:\"x\";}", Text(PhpSerialization.Serialize(value)));
        var snake = new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.SnakeCaseLower };
        Assert.Equal("O:12:\"Unattributed\":2:{s:7:\"user_id\";i:5;s:12:\"display_name\";s:1:\"x\";}", Text(PhpSerialization.Serialize(value, snake)));
        var renamed = new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase }.RegisterClass<Unattributed>("App\\U");
        byte[] bytes = PhpSerialization.Serialize(value, renamed);
        Assert.Equal("O:5:\"App\\U\":2:{s:6:\"userId\";i:5;s:11:\"displayName\";s:1:\"x\";}", Text(bytes));
        Assert.Equal(5, PhpSerialization.Deserialize<Unattributed>(bytes, renamed)!.UserId);
        Assert.Equal("userId", PhpNamingPolicy.CamelCase.ConvertName("UserId"));
        Assert.Equal("urlValue", PhpNamingPolicy.CamelCase.ConvertName("URLValue"));
        Assert.Equal("url_value", PhpNamingPolicy.SnakeCaseLower.ConvertName("URLValue"));
    }

    [Fact]
    public void PhpVisibilityFixUpAndClassNameCaseAreAcceptedLikePhp()
    {
        // PHP matches a property by its unmangled name when the visibility in the data differs, and class names ignore case.
        byte[] data = Encoding.UTF8.GetBytes("O:9:\"SHOP\\ITEM\":2:{s:5:\"Stock\";i:9;s:8:\"sku_code\";s:1:\"z\";}");
        var item = PhpSerialization.Deserialize<Item>(data)!;
        Assert.Equal((9, "z"), (item.Stock, item.Sku));
    }

    [Fact]
    public void UnknownPropertiesAreIgnoredOrRejectedByOption()
    {
        byte[] data = Encoding.UTF8.GetBytes("O:12:\"Unattributed\":2:{s:6:\"UserId\";i:1;s:5:\"extra\";b:1;}");
        Assert.Equal(1, PhpSerialization.Deserialize<Unattributed>(data)!.UserId);
        var strict = new PhpSerializerOptions { ThrowOnUnknownProperties = true };
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Unattributed>(data, strict));
        Assert.Contains("extra", e.Message);
    }

    [Fact]
    public void RepeatedObjectsBecomeRAndComeBackAsOneInstance()
    {
        var shared = new Node { Value = 1 };
        var root = new Node { Value = 0, Next = shared, Children = [shared, shared] };
        byte[] bytes = PhpSerialization.Serialize(root);
        Assert.Equal("O:4:\"Node\":3:{s:5:\"Value\";i:0;s:4:\"Next\";O:4:\"Node\":3:{s:5:\"Value\";i:1;s:4:\"Next\";N;s:8:\"Children\";a:0:{}}s:8:\"Children\";a:2:{i:0;r:3;i:1;r:3;}}", Text(bytes));
        var back = PhpSerialization.Deserialize<Node>(bytes)!;
        Assert.Same(back.Next, back.Children[0]);
        Assert.Same(back.Next, back.Children[1]);
    }

    [Fact]
    public void CyclesRoundTripThroughSetters()
    {
        var a = new Node { Value = 1 };
        var b = new Node { Value = 2, Next = a };
        a.Next = b;
        a.Children.Add(a);
        byte[] bytes = PhpSerialization.Serialize(a);
        Assert.Equal("O:4:\"Node\":3:{s:5:\"Value\";i:1;s:4:\"Next\";O:4:\"Node\":3:{s:5:\"Value\";i:2;s:4:\"Next\";r:1;s:8:\"Children\";a:0:{}}s:8:\"Children\";a:1:{i:0;r:1;}}", Text(bytes));
        var back = PhpSerialization.Deserialize<Node>(bytes)!;
        Assert.Same(back, back.Next!.Next);
        Assert.Same(back, back.Children[0]);
    }

    [Fact]
    public void ACycleThroughConstructorParametersIsAClearError()
    {
        byte[] data = Encoding.UTF8.GetBytes("O:4:\"Pair\":2:{s:4:\"Left\";s:1:\"a\";s:5:\"Other\";r:1;}");
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Pair>(data));
        Assert.Contains("constructor", e.Message);
        Assert.Contains("$.Other", e.Message);
    }

    [Fact]
    public void RecordsBindConstructorParametersWithDefaultsAndReportMissingOnes()
    {
        var account = new Account("ann", -5);
        byte[] bytes = PhpSerialization.Serialize(account);
        Assert.Equal(account, PhpSerialization.Deserialize<Account>(bytes));
        var noCurrency = PhpSerialization.Deserialize<Account>(Encoding.UTF8.GetBytes("O:11:\"Acc\\Account\":2:{s:5:\"Owner\";s:1:\"x\";s:7:\"Balance\";i:1;}"));
        Assert.Equal(new Account("x", 1), noCurrency);
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Account>(Encoding.UTF8.GetBytes("O:11:\"Acc\\Account\":1:{s:5:\"Owner\";s:1:\"x\";}")));
        Assert.Contains("'Balance'", e.Message);
        Assert.Contains("required constructor parameter", e.Message);
    }

    [Fact]
    public void RequiredMembersMustBePresent()
    {
        var ok = PhpSerialization.Deserialize<WithRequired>(Encoding.UTF8.GetBytes("O:12:\"Acc\\Required\":1:{s:4:\"Name\";s:1:\"n\";}"));
        Assert.Equal("n", ok!.Name);
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<WithRequired>(Encoding.UTF8.GetBytes("O:12:\"Acc\\Required\":1:{s:3:\"Age\";i:1;}")));
        Assert.Contains("Required property 'Name'", e.Message);
    }

    [Fact]
    public void OnlyMappedClassesAreCreatedFromInput()
    {
        byte[] data = Encoding.UTF8.GetBytes("O:11:\"Geo\\Drawing\":1:{s:6:\"Shapes\";a:1:{i:0;O:10:\"Geo\\Circle\":2:{s:5:\"Label\";s:1:\"c\";s:1:\"R\";d:2;}}}");
        // Shape is abstract: without a class map entry nothing can be created.
        var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Drawing>(data));
        Assert.Contains("$.Shapes[0]", e.Message);
        Assert.Contains("Geo\\Circle", e.Message);

        var options = new PhpSerializerOptions().RegisterClass<Circle>().RegisterClass<Square>();
        var drawing = PhpSerialization.Deserialize<Drawing>(data, options)!;
        var circle = Assert.IsType<Circle>(Assert.Single(drawing.Shapes));
        Assert.Equal(2.0, circle.R);
        Assert.Equal("O:11:\"Geo\\Drawing\":3:{s:6:\"Shapes\";a:1:{i:0;O:10:\"Geo\\Circle\":2:{s:5:\"Label\";s:1:\"c\";s:1:\"R\";d:2;}}s:5:\"Extra\";N;s:3:\"Raw\";N;}", Text(PhpSerialization.Serialize(drawing, options)));

        // A class that is mapped but not assignable to the declared type is refused.
        byte[] wrong = Encoding.UTF8.GetBytes("O:11:\"Geo\\Drawing\":1:{s:6:\"Shapes\";a:1:{i:0;O:11:\"Acc\\Account\":0:{}}}");
        var options2 = new PhpSerializerOptions().RegisterClass<Account>().RegisterClass<Circle>();
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Drawing>(wrong, options2));
        // A concrete target only accepts its own PHP class (or a registered subclass).
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Circle>(Encoding.UTF8.GetBytes("O:10:\"Geo\\Square\":0:{}")));
    }

    [Fact]
    public void UnknownClassesStayInTheValueModelAndReserializeUnchanged()
    {
        string unknown = "O:7:\"Foo\\Bar\":3:{s:1:\"a\";i:1;s:4:\"\0*\0b\";a:1:{i:0;N;}s:10:\"\0Foo\\Bar\0c\";E:7:\"X:Case1\";}";
        string data = $"O:11:\"Geo\\Drawing\":3:{{s:6:\"Shapes\";a:0:{{}}s:5:\"Extra\";{unknown}s:3:\"Raw\";{unknown.Replace("Foo\\Bar", "Baz\\Qux").Replace("Case1", "Case2")}}}";
        byte[] bytes = Encoding.UTF8.GetBytes(data);
        var drawing = PhpSerialization.Deserialize<Drawing>(bytes)!;
        var extra = Assert.IsType<PhpObject>(drawing.Extra);
        Assert.Equal("Foo\\Bar", extra.ClassName);
        Assert.IsType<PhpObject>(drawing.Raw);
        Assert.Equal(data, Encoding.UTF8.GetString(PhpSerialization.Serialize(drawing)));

        // into object at the root, too, and PhpValue (here with a self reference)
        unknown = unknown.Replace("a:1:{i:0;N;}", "a:1:{i:0;r:1;}");
        Assert.Equal(unknown, Encoding.UTF8.GetString(PhpSerialization.Serialize(PhpSerialization.Deserialize<object>(Encoding.UTF8.GetBytes(unknown)), typeof(object))));
        Assert.Equal(unknown, Encoding.UTF8.GetString(PhpSerialization.Serialize(PhpSerialization.Deserialize<PhpValue>(Encoding.UTF8.GetBytes(unknown))!)));
    }

    [Fact]
    public void ObjectTargetsGetPlainDotnetValuesAndRegisteredClasses()
    {
        var options = new PhpSerializerOptions().RegisterClass<Circle>().RegisterClass<Suit>();
        Assert.Equal(5L, PhpSerialization.Deserialize<object>("i:5;"u8, options));
        Assert.Equal(1.5, PhpSerialization.Deserialize<object>("d:1.5;"u8, options));
        Assert.Equal("é", PhpSerialization.Deserialize<object>("s:2:\"é\";"u8, options));
        Assert.Equal(new byte[] { 0xff }, PhpSerialization.Deserialize<object>(new byte[] { (byte)'s', (byte)':', (byte)'1', (byte)':', (byte)'"', 0xff, (byte)'"', (byte)';' }, options));
        Assert.Null(PhpSerialization.Deserialize<object>("N;"u8, options));
        Assert.Equal(true, PhpSerialization.Deserialize<object>("b:1;"u8, options));
        Assert.IsType<Circle>(PhpSerialization.Deserialize<object>("O:10:\"Geo\\Circle\":0:{}"u8, options));
        Assert.Equal(Suit.Spades, PhpSerialization.Deserialize<object>("E:21:\"App\\Model\\Suit:Spades\";"u8, options));
        Assert.IsType<PhpArray>(PhpSerialization.Deserialize<object>("a:1:{i:0;i:1;}"u8, options));
        Assert.IsType<PhpEnumCase>(PhpSerialization.Deserialize<object>("E:3:\"X:Y\";"u8, options));
    }

    [Fact]
    public void PhpValueMembersKeepReferencesAndShareNumbering()
    {
        // a PhpReference cell shared by two PhpValue members: R: on the second
        var cell = new PhpReference(new PhpInt(4));
        var map = new Dictionary<string, PhpValue> { ["a"] = cell, ["b"] = cell, ["c"] = new PhpObject("stdClass") };
        byte[] bytes = PhpSerialization.Serialize(map);
        Assert.Equal("a:3:{s:1:\"a\";i:4;s:1:\"b\";R:2;s:1:\"c\";O:8:\"stdClass\":0:{}}", Text(bytes));
        var back = PhpSerialization.Deserialize<Dictionary<string, PhpValue>>(bytes)!;
        Assert.Same(back["a"], back["b"]);
        Assert.Equal(bytes, PhpSerialization.Serialize(back));
    }

    [Fact]
    public void IBufferWriterAndNonGenericOverloadsAgree()
    {
        var node = new Node { Value = 3 };
        var buffer = new ArrayBufferWriter<byte>();
        PhpSerialization.Serialize(buffer, node);
        Assert.Equal(PhpSerialization.Serialize(node), buffer.WrittenSpan.ToArray());
        var buffer2 = new ArrayBufferWriter<byte>();
        PhpSerialization.Serialize(buffer2, node, typeof(Node));
        Assert.Equal(buffer.WrittenSpan.ToArray(), buffer2.WrittenSpan.ToArray());
        Assert.Equal(3, Assert.IsType<Node>(PhpSerialization.Deserialize(buffer.WrittenSpan, typeof(Node))).Value);
        Assert.Throws<ArgumentException>(() => PhpSerialization.Serialize("x", typeof(Node)));
        // a declared base type writes the runtime type
        Assert.Equal(PhpSerialization.Serialize(new Circle { R = 1 }), PhpSerialization.Serialize<Shape>(new Circle { R = 1 }));
    }

    [Fact]
    public void OptionsAreFrozenAfterFirstUse()
    {
        var options = new PhpSerializerOptions();
        PhpSerialization.Serialize(1, options);
        Assert.Throws<InvalidOperationException>(() => options.RegisterClass<Circle>());
        Assert.Throws<InvalidOperationException>(() => options.PropertyNamingPolicy = PhpNamingPolicy.CamelCase);
        Assert.Throws<InvalidOperationException>(() => options.Converters.Add(new UpperStringConverter()));
    }

    [Fact]
    public void AnEnumRegisteredInTheClassMapIsAPhpEnum()
    {
        var options = new PhpSerializerOptions().RegisterClass<Color>("Paint\\Color");
        byte[] bytes = PhpSerialization.Serialize(new[] { Color.Blue, Color.Blue }, options);
        Assert.Equal("a:2:{i:0;E:16:\"Paint\\Color:Blue\";i:1;r:2;}", Text(bytes));
        Assert.Equal(new[] { Color.Blue, Color.Blue }, PhpSerialization.Deserialize<Color[]>(bytes, options));
        Assert.Equal("i:7;", Text(PhpSerialization.Serialize(Color.Blue))); // unregistered: the integer
    }

    [Fact]
    public void PhpReferencesAreReadAsCopiesOfTheSharedValue()
    {
        // [&$x, &$x] with $x = [5]
        var lists = PhpSerialization.Deserialize<List<List<int>>>("a:2:{i:0;a:1:{i:0;i:5;}i:1;R:2;}"u8)!;
        Assert.Equal([5], lists[0]);
        Assert.Equal([5], lists[1]);
        // & to an object: the same .NET instance
        var nodes = PhpSerialization.Deserialize<Node[]>("a:2:{i:0;O:4:\"Node\":0:{}i:1;R:2;}"u8)!;
        Assert.Same(nodes[0], nodes[1]);
    }

    [Fact]
    public void OneOptionsInstanceServesConcurrentFirstUse()
    {
        var options = new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase }
            .RegisterClass<Team>().RegisterClass<Person>().RegisterClass<Entity>().RegisterClass<Point>();
        var teams = Enumerable.Range(0, 64).Select(i => new MappingRandom(i).NextTeam()).ToArray();
        var expected = teams.Select(t => PhpSerialization.Serialize(t, new PhpSerializerOptions { PropertyNamingPolicy = PhpNamingPolicy.CamelCase })).ToArray();
        var results = new byte[teams.Length][];
        Parallel.For(0, teams.Length, i =>
        {
            var bytes = PhpSerialization.Serialize(teams[i], options);
            results[i] = PhpSerialization.Serialize(PhpSerialization.Deserialize<Team>(bytes, options), options);
        });
        for (int i = 0; i < teams.Length; i++) Assert.Equal(expected[i], results[i]);
    }

    [Fact]
    public void ClassMapRejectsBadAndDuplicateRegistrations()
    {
        var map = new PhpSerializerOptions().ClassMap;
        map.Add<Circle>();
        Assert.Throws<ArgumentException>(() => map.Add<Square>("GEO\\CIRCLE")); // names ignore ASCII case, like PHP
        Assert.Throws<ArgumentException>(() => map.Add<Circle>("Other"));
        Assert.Throws<ArgumentException>(() => map.Add<Node>("bad name"));
        Assert.Throws<ArgumentException>(() => map.Add<Unattributed>()); // no attribute, no name
        Assert.Throws<ArgumentException>(() => map.Add<Shape>("Abstract"));
        Assert.True(map.TryGetType("geo\\circle", out var t) && t == typeof(Circle));
    }

    private sealed class UpperStringConverter : PhpConverter<string>
    {
        public override void Write(PhpSerializedWriter writer, string value, PhpWriteContext context) => writer.WriteString(value.ToUpperInvariant());

        public override string Read(PhpValue value, PhpReadContext context)
            => value is PhpString s ? s.ToUtf8String().ToLowerInvariant() : throw context.TypeMismatch(value, typeof(string));
    }

    [Fact]
    public void CustomConvertersTakePrecedence()
    {
        var options = new PhpSerializerOptions();
        options.Converters.Add(new UpperStringConverter());
        byte[] bytes = PhpSerialization.Serialize(new List<string> { "ab" }, options);
        Assert.Equal("a:1:{i:0;s:2:\"AB\";}", Text(bytes));
        Assert.Equal("ab", PhpSerialization.Deserialize<List<string>>(bytes, options)![0]);
    }
}
