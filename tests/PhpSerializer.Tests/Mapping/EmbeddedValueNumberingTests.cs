using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests.Mapping;

/// <summary>
/// Value-model trees inside a mapped .NET graph share one PHP numbering with the rest of the
/// graph, with the same rules as a whole-tree serialize (TreeWriter): repeated objects are
/// <c>r:</c>, repeated &amp; cells are <c>R:</c> and take no number, and a reference held in only
/// one place is dereferenced (a lone reference to an object already written is plain <c>r:</c>).
/// </summary>
public class EmbeddedValueNumberingTests
{
    [PhpClass("Embed\\Holder")]
    public sealed class Holder
    {
        public string Name { get; set; } = "";
        public PhpValue First { get; set; } = PhpNull.Instance;
        public Leaf? Left { get; set; }
        public PhpArray Second { get; set; } = new();
        public Leaf? Right { get; set; }
        public PhpValue Third { get; set; } = PhpNull.Instance;
        public PhpValue Fourth { get; set; } = PhpNull.Instance;
    }

    [PhpClass("Embed\\Leaf")]
    public sealed class Leaf
    {
        public long V { get; set; }
    }

    private const string PhpCode = """
        namespace Embed;
        class Holder { public $Name; public $First; public $Left; public $Second; public $Right; public $Third; public $Fourth; }
        class Leaf { public $V; }
        class Obj { public $v; }
        $x = new Obj; $x->v = 1;
        $y = new Obj; $y->v = 2;
        $leaf = new Leaf; $leaf->V = 9;
        $h = new Holder;
        $h->Name = 'h';
        $h->First = $x;
        $h->Left = $leaf;
        $shared = 7;
        $objRef = $y;
        $loneInArray = $x;
        $h->Second = [$x, &$shared, &$shared, 'p' => &$objRef, 'q' => &$objRef, 'lone' => &$loneInArray, 's' => 'str'];
        unset($shared, $objRef, $loneInArray);
        $h->Right = $leaf;
        $lone = $x;
        $h->Third = &$lone;
        unset($lone);
        $h->Fourth = $y;
        echo serialize($h);
        """;

    private static Holder Build()
    {
        var x = new PhpObject("Embed\\Obj") { { "v", 1L } };
        var y = new PhpObject("Embed\\Obj") { { "v", 2L } };
        var leaf = new Leaf { V = 9 };
        var shared = new PhpReference(7L);
        var objRef = new PhpReference(y);
        var second = new PhpArray
        {
            x,                              // repeated object: r:
            shared,                         // & cell, first: numbered
            shared,                         // & cell, repeated: R:, no number
            { "p", objRef },                // & to an object, first: the object is numbered
            { "q", objRef },                // & to an object, repeated (refcount 2): R:
            { "lone", new PhpReference(x) },// lone & to an object written earlier (refcount 1): r:
            { "s", "str" },
        };
        return new Holder
        {
            Name = "h",
            First = x,
            Left = leaf,
            Second = second,
            Right = leaf,                           // repeated .NET object between value trees: r:
            Third = new PhpReference(x),            // lone & to an object written in another value tree: r:
            Fourth = y,                             // object first written through a & in another tree: r:
        };
    }

    [Fact]
    public void ValueTreesInAMappedGraphNumberLikePhp()
    {
        byte[] expected = PhpRunner.RunCode(PhpCode).EnsureSuccess().Stdout;
        byte[] actual = PhpSerialization.Serialize(Build());
        Assert.Equal(MappingPhp.Show(expected), MappingPhp.Show(actual));
        Assert.Equal(expected, actual);
    }
}
