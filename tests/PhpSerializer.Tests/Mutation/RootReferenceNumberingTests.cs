using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// PHP's numbering of arrays that hold themselves through a reference (<c>$a[] = &amp;$a</c>),
/// with objects held once, twice, in shared arrays and inside objects: what PHP 8.2's serialize()
/// wrote for the PHP code in the first column is read and written again byte for byte.
/// </summary>
public class RootReferenceNumberingTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "$a = [1]; $a[1] = &$a;", "a:2:{i:0;i:1;i:1;a:2:{i:0;i:1;i:1;R:3;}}" },
        { "$a = [$o]; $a[1] = &$a;", "a:2:{i:0;O:8:\"stdClass\":0:{}i:1;a:2:{i:0;r:2;i:1;R:3;}}" },
        { "$a = [$o, $o]; $a[2] = &$a;", "a:3:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;i:2;a:3:{i:0;r:2;i:1;r:2;i:2;R:4;}}" },
        { "$inner = [$o]; $a = [$inner, $inner]; $a[2] = &$a;", "a:3:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}i:1;a:1:{i:0;r:3;}i:2;a:3:{i:0;a:1:{i:0;r:3;}i:1;a:1:{i:0;r:3;}i:2;R:6;}}" },
        { "$inner = [$o]; $a = [$inner]; $a[1] = &$a;", "a:2:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}i:1;a:2:{i:0;a:1:{i:0;r:3;}i:1;R:4;}}" },
        { "$o->p = 1; $a = ['x' => $o, 'y' => [$o]]; $a['z'] = &$a;", "a:3:{s:1:\"x\";O:8:\"stdClass\":1:{s:1:\"p\";i:1;}s:1:\"y\";a:1:{i:0;r:2;}s:1:\"z\";a:3:{s:1:\"x\";r:2;s:1:\"y\";a:1:{i:0;r:2;}s:1:\"z\";R:6;}}" },
        { "$o->r = &$x; $o->s = &$x; $a = [$o]; $a[1] = &$a;", "a:2:{i:0;O:8:\"stdClass\":2:{s:1:\"r\";i:5;s:1:\"s\";R:3;}i:1;a:2:{i:0;r:2;i:1;R:4;}}" },
        { "$e = [1, 2]; $a = ['k' => $e, 'l' => [$e]]; $a['m'] = &$a;", "a:3:{s:1:\"k\";a:2:{i:0;i:1;i:1;i:2;}s:1:\"l\";a:1:{i:0;a:2:{i:0;i:1;i:1;i:2;}}s:1:\"m\";a:3:{s:1:\"k\";a:2:{i:0;i:1;i:1;i:2;}s:1:\"l\";a:1:{i:0;a:2:{i:0;i:1;i:1;i:2;}}s:1:\"m\";R:9;}}" },
        { "$o->q = $p; $a = [$o, [$p]]; $a[2] = &$a;", "a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"q\";O:8:\"stdClass\":0:{}}i:1;a:1:{i:0;r:3;}i:2;a:3:{i:0;r:2;i:1;a:1:{i:0;r:3;}i:2;R:6;}}" },
        { "$a = [[$o, $o]]; $a[1] = &$a;", "a:2:{i:0;a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:3;}i:1;a:2:{i:0;a:2:{i:0;r:3;i:1;r:3;}i:1;R:5;}}" },
        { "$a = [[[$o]], [[$o]]]; $a[2] = &$a;", "a:3:{i:0;a:1:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}}i:1;a:1:{i:0;a:1:{i:0;r:4;}}i:2;a:3:{i:0;a:1:{i:0;a:1:{i:0;r:4;}}i:1;a:1:{i:0;a:1:{i:0;r:4;}}i:2;R:8;}}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PhpsOutputForSelfReferencingArraysIsWrittenBackByteForByte(string php, string serialized)
    {
        Assert.NotEmpty(php);
        PhpValue value = PhpSerialization.Unserialize(B(serialized));
        Assert.Equal(serialized, S(PhpSerialization.Serialize(value)));
    }

    // $a = <elements>; then $a[k] = &$a for each k: the cell is held in several places, so the
    // root array is written once as the root and once more through the cell. The variables $o,
    // $p, $in are unset before the references are taken, so each object is held only where the
    // tree holds it (an object held once outside a shared array is written in full both times).
    private static PhpArray HeldByItself(PhpArray a, params PhpArrayKey[] keys)
    {
        var cell = new PhpReference(PhpNull.Instance);
        foreach (var key in keys) a.Set(key, cell);
        cell.Value = a;
        return a;
    }

    public static TheoryData<string, string> RootCases() => new()
    {
        { "$a = [1]; $a[1] = &$a; $a[2] = &$a;", "a:3:{i:0;i:1;i:1;a:3:{i:0;i:1;i:1;R:3;i:2;R:3;}i:2;R:3;}" },
        { "$a = [$o]; $a[1] = &$a; $a[2] = &$a;", "a:3:{i:0;O:8:\"stdClass\":0:{}i:1;a:3:{i:0;O:8:\"stdClass\":0:{}i:1;R:3;i:2;R:3;}i:2;R:3;}" },
        { "$a = [$o, $o]; $a[2] = &$a; $a[3] = &$a;", "a:4:{i:0;O:8:\"stdClass\":0:{}i:1;r:2;i:2;a:4:{i:0;r:2;i:1;r:2;i:2;R:4;i:3;R:4;}i:3;R:4;}" },
        { "$in = [$o]; $a = [$in, $in]; $a[2] = &$a; $a[3] = &$a;", "a:4:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}i:1;a:1:{i:0;r:3;}i:2;a:4:{i:0;a:1:{i:0;r:3;}i:1;a:1:{i:0;r:3;}i:2;R:6;i:3;R:6;}i:3;R:6;}" },
        { "$a = [[$o]]; $a[1] = &$a; $a[2] = &$a;", "a:3:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}i:1;a:3:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}i:1;R:4;i:2;R:4;}i:2;R:4;}" },
        { "$o->q = $p; $a = [$o, [$p]]; $a[2] = &$a; $a[3] = &$a;", "a:4:{i:0;O:8:\"stdClass\":1:{s:1:\"q\";O:8:\"stdClass\":0:{}}i:1;a:1:{i:0;r:3;}i:2;a:4:{i:0;O:8:\"stdClass\":1:{s:1:\"q\";r:3;}i:1;a:1:{i:0;r:3;}i:2;R:6;i:3;R:6;}i:3;R:6;}" },
        { "$a = [[[$o]], [[$o]]]; $a[2] = &$a; $a[3] = &$a;", "a:4:{i:0;a:1:{i:0;a:1:{i:0;O:8:\"stdClass\":0:{}}}i:1;a:1:{i:0;a:1:{i:0;r:4;}}i:2;a:4:{i:0;a:1:{i:0;a:1:{i:0;r:4;}}i:1;a:1:{i:0;a:1:{i:0;r:4;}}i:2;R:8;i:3;R:8;}i:3;R:8;}" },
        { "$a = ['x' => [$o, $o]]; $a['y'] = &$a; $a['z'] = &$a;", "a:3:{s:1:\"x\";a:2:{i:0;O:8:\"stdClass\":0:{}i:1;r:3;}s:1:\"y\";a:3:{s:1:\"x\";a:2:{i:0;r:3;i:1;r:3;}s:1:\"y\";R:5;s:1:\"z\";R:5;}s:1:\"z\";R:5;}" },
        { "$o->q = new stdClass; $a = [$o]; $a[1] = &$a; $a[2] = &$a;", "a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"q\";O:8:\"stdClass\":0:{}}i:1;a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"q\";r:3;}i:1;R:4;i:2;R:4;}i:2;R:4;}" },
        { "$o->l = [new stdClass]; $a = [$o]; $a[1] = &$a; $a[2] = &$a;", "a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"l\";a:1:{i:0;O:8:\"stdClass\":0:{}}}i:1;a:3:{i:0;O:8:\"stdClass\":1:{s:1:\"l\";a:1:{i:0;r:4;}}i:1;R:5;i:2;R:5;}i:2;R:5;}" },
    };

    private static PhpArray BuildRoot(string php)
    {
        PhpObject o = new("stdClass"), p = new("stdClass");
        switch (php)
        {
            case "$a = [1]; $a[1] = &$a; $a[2] = &$a;": return HeldByItself(PhpArray.List(1L), 1, 2);
            case "$a = [$o]; $a[1] = &$a; $a[2] = &$a;": return HeldByItself(PhpArray.List(o), 1, 2);
            case "$a = [$o, $o]; $a[2] = &$a; $a[3] = &$a;": return HeldByItself(PhpArray.List(o, o), 2, 3);
            case "$in = [$o]; $a = [$in, $in]; $a[2] = &$a; $a[3] = &$a;":
                {
                    var inner = PhpArray.List(o);
                    return HeldByItself(PhpArray.List(inner, inner), 2, 3);
                }
            case "$a = [[$o]]; $a[1] = &$a; $a[2] = &$a;": return HeldByItself(PhpArray.List(PhpArray.List(o)), 1, 2);
            case "$o->q = $p; $a = [$o, [$p]]; $a[2] = &$a; $a[3] = &$a;":
                o.Set("q", p);
                return HeldByItself(PhpArray.List(o, PhpArray.List(p)), 2, 3);
            case "$a = [[[$o]], [[$o]]]; $a[2] = &$a; $a[3] = &$a;":
                return HeldByItself(PhpArray.List(PhpArray.List(PhpArray.List(o)), PhpArray.List(PhpArray.List(o))), 2, 3);
            case "$a = ['x' => [$o, $o]]; $a['y'] = &$a; $a['z'] = &$a;":
                return HeldByItself(new PhpArray { { "x", PhpArray.List(o, o) } }, "y", "z");
            case "$o->q = new stdClass; $a = [$o]; $a[1] = &$a; $a[2] = &$a;":
                o.Set("q", p);
                return HeldByItself(PhpArray.List(o), 1, 2);
            case "$o->l = [new stdClass]; $a = [$o]; $a[1] = &$a; $a[2] = &$a;":
                o.Set("l", PhpArray.List(p));
                return HeldByItself(PhpArray.List(o), 1, 2);
            default:
                throw new ArgumentException(php);
        }
    }

    [Theory]
    [MemberData(nameof(RootCases))]
    public void ARootArrayHeldByItsOwnReferenceInSeveralPlacesIsNumberedAsPhpNumbersIt(string php, string serialized)
        => Assert.Equal(serialized, S(PhpSerialization.Serialize(BuildRoot(php))));
}
