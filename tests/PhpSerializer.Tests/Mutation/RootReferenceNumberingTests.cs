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
}
