using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// The tree the general path builds: key rules of arrays, objects and classes with
/// <c>__unserialize()</c>, known and incomplete classes, <c>r:</c>/<c>R:</c> resolved to the
/// same instances and cells, and nesting past 64 containers. PHP 8.2 writes back each input
/// (php/classes.php declares the classes) and the bytes must be the same.
/// </summary>
public class TreeBuilderTests
{
    private static string Nest(string open, int depth, string inner, string close) => string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    private static readonly string[] Cases =
    [
        // int keys name properties; "5" is int key 5 in arrays and in the data of __unserialize classes only
        "O:8:\"stdClass\":1:{i:5;i:1;}",
        "a:1:{S:1:\"\\35\";N;}",
        "O:8:\"stdClass\":1:{S:1:\"\\35\";N;}",
        "O:7:\"withser\":1:{s:1:\"5\";i:1;}",
        "O:7:\"WithSer\":2:{i:5;i:1;S:1:\"\\36\";i:2;}",
        "a:2:{i:0;a:1:{i:0;N;}i:1;O:8:\"stdClass\":1:{s:1:\"5\";N;}}",
        "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"5\";N;}i:1;a:1:{s:1:\"5\";N;}}",
        // deeper than one 64-bit word of key rules, and back out of it
        "a:2:{s:1:\"5\";" + Nest("O:8:\"stdClass\":1:{s:1:\"5\";", 70, "a:1:{s:1:\"5\";S:1:\"\\41\";}", "}") + "s:1:\"6\";N;}",
        "O:8:\"stdClass\":2:{s:1:\"5\";" + Nest("a:1:{s:1:\"5\";", 70, "O:8:\"stdClass\":1:{s:1:\"5\";S:1:\"\\41\";}", "}") + "s:1:\"6\";N;}",
        // incomplete classes
        "O:22:\"__php_incomplete_class\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Foo\";}",
        "O:3:\"Foo\":1:{s:27:\"__PHP_Incomplete_Class_Name\";i:5;}",
        "O:3:\"Foo\":2:{s:1:\"a\";i:1;s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Bar\";}",
        "a:2:{i:0;O:3:\"Foo\":0:{}i:1;O:3:\"Bar\":1:{s:1:\"x\";S:1:\"\\41\";}}",
        "O:22:\"__php_incomplete_class\":0:{}",
        "a:2:{i:0;O:3:\"Foo\":1:{s:27:\"__PHP_Incomplete_Class_Name\";s:3:\"Bar\";}i:1;O:3:\"Baz\":0:{}}",
        "O:3:\"Foo\":2:{s:1:\"a\";s:3:\"Bar\";s:27:\"__PHP_Incomplete_Class_Name\";R:2;}",
        // references
        "a:2:{i:0;C:8:\"OldStyle\":2:{N;}i:1;r:2;}",
        "a:2:{i:0;E:11:\"Suit:Hearts\";i:1;r:2;}",
        "a:2:{i:0;E:11:\"Suit:Hearts\";i:1;R:2;}",
        "a:3:{i:0;i:1;i:1;R:2;i:2;R:2;}",
        "a:2:{i:0;i:7;i:1;a:2:{i:0;N;i:0;R:2;}}", // the key being filled is at the target's position, but in another array
        "O:8:\"stdClass\":2:{s:1:\"a\";i:1;s:1:\"b\";R:2;}",
        "O:8:\"stdClass\":3:{s:1:\"a\";O:8:\"stdClass\":0:{}s:1:\"b\";r:2;s:1:\"c\";R:2;}",
        "a:2:{i:0;O:8:\"stdClass\":1:{s:1:\"p\";a:1:{i:0;N;}}i:1;R:3;}",
        "a:4:{i:0;N;i:1;C:8:\"OldStyle\":14:{a:1:{i:0;R:2;}}i:2;O:8:\"stdClass\":0:{}i:3;r:5;}",
        "a:3:{i:0;C:8:\"OldStyle\":22:{a:2:{i:0;i:1;i:1;i:2;}}i:1;O:8:\"stdClass\":0:{}i:2;r:6;}",
    ];

    public static TheoryData<string> Inputs() => new(Cases);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void TheGeneralPathBuildsWhatTheFastPathBuildsOrRefuses(string input)
    {
        byte[] data = B(input);
        PhpValue general = GeneralReader.Read(data);
        PhpValue? fast = FastTreeParser.TryParse(data, PhpTestClasses.Options, null, 0, out _);
        if (fast is not null) Assert.True(general.Equals(fast), $"different trees for {input}");
    }

    [Fact]
    public void PhpWritesBackTheSameBytes()
    {
        var inputs = Cases.Select(B).ToList();
        var php = PhpFrames.PhpRoundTrip(inputs);
        for (int i = 0; i < inputs.Count; i++)
        {
            Assert.True(php[i] is not null, $"php rejects {S(inputs[i])}");
            Assert.Equal(S(php[i]!), S(GeneralReader.RoundTrip(inputs[i])));
        }
    }

    [Theory]
    [InlineData("s:3:\"A-B\"")]
    [InlineData("s:0:\"\"")]
    [InlineData("i:5")]
    public void AnIncompleteClassNamePhpCouldNotReadBackIsNotCopied(string name)
    {
        // PHP writes O:3:"A-B" and O:0:"", which its unserialize() rejects (an intended difference); an int it ignores too
        string input = $"O:3:\"Foo\":2:{{s:27:\"__PHP_Incomplete_Class_Name\";{name};s:1:\"p\";N;}}";
        Assert.Equal("O:22:\"__PHP_Incomplete_Class\":1:{s:1:\"p\";N;}", S(GeneralReader.RoundTrip(B(input))));
    }

    [Fact]
    public void AnObjectReferenceIsTheSameInstanceAndAValueReferenceTheSameCell()
    {
        var root = (PhpArray)GeneralReader.Read(B("a:5:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;i:2;i:7;i:3;R:4;i:4;R:4;}"));
        Assert.Same(root[0], root[1]);
        var cell = Assert.IsType<PhpReference>(root[2]);
        Assert.Same(cell, root[3]);
        Assert.Same(cell, root[4]);
        Assert.Equal(7L, ((PhpInt)cell.Value).Value);
    }

    [Fact]
    public void AReferenceToTheRootSharesOneCellThatHoldsTheRoot()
    {
        var root = (PhpArray)GeneralReader.Read(B("a:2:{i:0;R:1;i:1;R:1;}"));
        var cell = Assert.IsType<PhpReference>(root[0]);
        Assert.Same(cell, root[1]);
        Assert.Same(root, cell.Value);
    }

    [Fact]
    public void AReferenceIntoAPayloadIsRefusedAfterIt()
    {
        // a:2 (1), C: (2), the payload's object (3): r:3 points into the payload
        const string input = "a:2:{i:0;C:1:\"A\":12:{O:1:\"B\":0:{}}i:1;r:3;}";
        var e = GeneralReader.Error(B(input));
        Assert.Equal("Reference 3 points into a Serializable (C:) payload, which this value model keeps as opaque bytes", e.Reason);
        Assert.Equal(input.Length - 1, e.Offset);
    }

    [Fact]
    public void AFailedReadLeavesNothingForTheNextReadOnTheThread()
    {
        // The builder's lists are reused per thread: a read that fails inside two containers
        // must not leave them open for the next one, nor its numbered values.
        GeneralReader.Error(B("a:1:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}i:1;"));
        Assert.Equal("a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}", S(GeneralReader.RoundTrip(B("a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;}"))));
        Assert.Equal("a:2:{i:0;i:1;i:1;R:2;}", S(GeneralReader.RoundTrip(B("a:2:{i:0;i:1;i:1;R:2;}"))));
        var e = GeneralReader.Error(B("a:1:{i:0;r:2;}"));
        Assert.Equal("Reference 2 points to no earlier value (only 1 so far)", e.Reason);
    }
}
