using PhpShmCompat.TestSupport;
using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// A reference cell that is also the <c>__PHP_Incomplete_Class_Name</c> property of an object of
/// an unknown class: PHP keeps that property but never writes it, so the cell is held in one more
/// place than the written tree shows. Compared byte for byte with PHP doing the same.
/// </summary>
public class IncompleteClassNameReferenceTests
{
    private const string Name = "s:27:\"__PHP_Incomplete_Class_Name\";";

    public static TheoryData<string> ReadInputs() => new()
    {
        // The cell holds an array whose element is a cell held twice: counted only when the
        // hidden holder's cell is looked into.
        "a:2:{i:0;a:2:{i:0;i:1;i:1;R:3;}i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
        "a:2:{i:0;a:3:{i:0;s:1:\"x\";i:1;R:3;i:2;R:3;}i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
        "a:2:{i:0;a:1:{i:0;O:8:\"stdClass\":1:{s:1:\"p\";i:1;}}i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
        "a:3:{i:0;s:3:\"Bar\";i:1;O:3:\"Foo\":1:{" + Name + "R:2;}i:2;O:3:\"Baz\":1:{" + Name + "R:2;}}",
    };

    [Theory]
    [MemberData(nameof(ReadInputs))]
    public void ACellAlsoHeldByAnUnwrittenClassNameIsWrittenAsPhpWritesIt(string input)
    {
        byte[]? php = PhpFrames.PhpRoundTrip([B(input)])[0];
        Assert.NotNull(php);
        Assert.Equal(S(php), S(PhpSerialization.Serialize(PhpSerialization.Unserialize(B(input)))));
    }

    // The root array, read from the first column, then held by its own cell under two new keys
    // ($a[k] = &$a): it is written once as the root and again through the cell, so a cell held
    // once in the tree and once by the hidden property is met twice.
    public static TheoryData<string> RootInputs() => new()
    {
        "a:2:{i:0;s:3:\"Bar\";i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
        "a:2:{i:0;O:8:\"stdClass\":0:{}i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
        "a:2:{i:0;a:1:{i:0;i:7;}i:1;O:3:\"Foo\":1:{" + Name + "R:2;}}",
    };

    [Theory]
    [MemberData(nameof(RootInputs))]
    public void ARootHeldByItselfAndSuchACellIsWrittenAsPhpWritesIt(string input)
    {
        string expected = S(PhpRunner.RunCode(
            "$a = unserialize(stream_get_contents(STDIN)); $a['r'] = &$a; $a['s'] = &$a; echo serialize($a);",
            B(input)).EnsureSuccess().Stdout);

        var root = (PhpArray)PhpSerialization.Unserialize(B(input));
        var cell = new PhpReference(root);
        root.Set("r", cell);
        root.Set("s", cell);
        Assert.Equal(expected, S(PhpSerialization.Serialize(root)));
    }
}
