using static PhpSerializer.Tests.TestBytes;

namespace PhpSerializer.Tests.Mutation;

/// <summary>
/// Structural equality of values kind by kind (each part that may differ makes them unequal),
/// and a hash that agrees with it.
/// </summary>
public class ValueEqualityTests
{
    public static TheoryData<PhpValue, PhpValue> UnequalPairs() => new()
    {
        { PhpBool.True, PhpBool.False },
        { new PhpInt(1), new PhpInt(2) },
        { new PhpInt(1), new PhpString("1") },
        { new PhpFloat(1.0), new PhpFloat(2.0) },
        { new PhpFloat(double.NaN), new PhpFloat(1.0) },
        { new PhpFloat(1.0), new PhpFloat(double.NaN) },
        { new PhpFloat(0.0), new PhpFloat(-0.0) },
        { new PhpString("ab"), new PhpString("ac") },
        { new PhpString("ab"), new PhpString("abc") },
        { new PhpEnumCase("S", "A"), new PhpEnumCase("S", "B") },
        { new PhpEnumCase("S", "A"), new PhpEnumCase("T", "A") },
        { new PhpSerializableObject("C", "x"u8), new PhpSerializableObject("C", "y"u8) },
        { new PhpSerializableObject("C", "x"u8), new PhpSerializableObject("D", "x"u8) },
        { new PhpReference(1L), new PhpReference(2L) },
        { PhpArray.List(1L), PhpArray.List(1L, 2L) },
        { PhpArray.List(1L, 2L), PhpArray.List(1L, 3L) },
        { new PhpArray { { 0, 1L } }, new PhpArray { { 1, 1L } } },
        { new PhpArray { { "a", 1L } }, new PhpArray { { "b", 1L } } },
        { new PhpObject("O") { { "a", 1L } }, new PhpObject("P") { { "a", 1L } } },
        { new PhpObject("O") { { "a", 1L } }, new PhpObject("O") { { "b", 1L } } },
        { new PhpObject("O") { { "a", 1L } }, new PhpObject("O") { { "a", 2L } } },
        { new PhpObject("O") { { "a", 1L } }, new PhpObject("O") { { "a", 1L }, { "b", 1L } } },
        { new PhpObject("O") { { "a", 1L } }, new PhpObject("O") { new PhpProperty("a", 1L, PhpVisibility.Protected) } },
        { new PhpArray(), new PhpObject("stdClass") },
        { PhpNull.Instance, new PhpReference(PhpNull.Instance) },
    };

    public static TheoryData<PhpValue, PhpValue> EqualPairs() => new()
    {
        { PhpNull.Instance, PhpNull.Instance },
        { PhpBool.From(true), PhpBool.True },
        { new PhpInt(-9), new PhpInt(-9) },
        { new PhpFloat(0.25), new PhpFloat(0.25) },
        { new PhpFloat(double.NaN), new PhpFloat(BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0001)) }, // NaNs are equal, whatever payload
        { new PhpString(B("a\0\xff")), new PhpString(B("a\0\xff")) },
        { new PhpEnumCase("S", "A"), new PhpEnumCase("S:A"u8) },
        { new PhpSerializableObject("C", "xy"u8), new PhpSerializableObject("C"u8, "xy"u8) },
        { new PhpReference("v"), new PhpReference("v") },
        { new PhpArray { { "k", PhpArray.List(1L) }, { 3, 2.5 } }, new PhpArray { { "k", PhpArray.List(1L) }, { 3, 2.5 } } },
        { new PhpObject("O") { { "a", new PhpObject("I") { { "z", true } } } }, new PhpObject("O") { { "a", new PhpObject("I") { { "z", true } } } } },
        { new PhpArray(), new PhpArray() },
    };

    [Theory]
    [MemberData(nameof(UnequalPairs))]
    public void ValuesThatDifferInAnyPartAreUnequal(PhpValue a, PhpValue b)
    {
        Assert.False(a.Equals(b));
        Assert.False(b.Equals(a));
        Assert.False(a.Equals((object)b));
    }

    [Theory]
    [MemberData(nameof(EqualPairs))]
    public void EqualValuesAreEqualBothWaysAndHashAlike(PhpValue a, PhpValue b)
    {
        Assert.True(a.Equals(b));
        Assert.True(b.Equals(a));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void AValueIsNeverEqualToNullOrToSomethingElse()
    {
        PhpValue v = new PhpInt(1);
        Assert.False(v.Equals((PhpValue?)null));
        Assert.False(v.Equals((object?)null));
        Assert.False(v.Equals((object)1L));
        Assert.True(v.Equals((object)v));
    }

    // The hash mixes the kind and the contents: pairs that are unequal only in one of them get
    // different hashes (with the per-process seed, a collision of these few is 2^-32 likely).
    [Fact]
    public void TheHashDependsOnKindAndOnContents()
    {
        Assert.NotEqual(new PhpString("S:A").GetHashCode(), new PhpEnumCase("S:A"u8).GetHashCode());
        Assert.NotEqual(new PhpString("a").GetHashCode(), new PhpString("b").GetHashCode());
        Assert.NotEqual(new PhpEnumCase("S", "A").GetHashCode(), new PhpEnumCase("S", "B").GetHashCode());
        Assert.NotEqual(new PhpInt(1).GetHashCode(), new PhpInt(2).GetHashCode());
        Assert.NotEqual(new PhpInt(1).GetHashCode(), PhpBool.True.GetHashCode());
        Assert.NotEqual(PhpBool.True.GetHashCode(), PhpBool.False.GetHashCode());
        Assert.NotEqual(new PhpFloat(1.0).GetHashCode(), new PhpFloat(2.0).GetHashCode());
        Assert.NotEqual(new PhpFloat(0.0).GetHashCode(), new PhpFloat(-0.0).GetHashCode());
        Assert.NotEqual(PhpArray.List(1L).GetHashCode(), PhpArray.List(1L, 2L).GetHashCode());
        Assert.NotEqual(new PhpObject("A").GetHashCode(), new PhpObject("B").GetHashCode());
        Assert.NotEqual(new PhpObject("A").GetHashCode(), new PhpObject("A") { { "p", 1L } }.GetHashCode());
        Assert.NotEqual(new PhpSerializableObject("A", "x"u8).GetHashCode(), new PhpSerializableObject("B", "x"u8).GetHashCode());
        Assert.NotEqual(new PhpSerializableObject("A", "x"u8).GetHashCode(), new PhpSerializableObject("A", "xy"u8).GetHashCode());
        Assert.NotEqual(PhpNull.Instance.GetHashCode(), new PhpReference(PhpNull.Instance).GetHashCode());
    }

    // A pair already being compared further up counts as equal, so cycles end; the parts next to
    // the cycle still decide.
    [Fact]
    public void CyclicValuesCompareByWhatIsBesideTheCycle()
    {
        PhpObject Node(long tag)
        {
            var o = new PhpObject("Node");
            o.Set("self", o);
            o.Set("tag", tag);
            return o;
        }
        Assert.True(Node(1).Equals(Node(1)));
        Assert.False(Node(1).Equals(Node(2)));
        PhpReference Cell(long tag)
        {
            var cell = new PhpReference(PhpNull.Instance);
            cell.Value = PhpArray.List(cell, tag);
            return cell;
        }
        Assert.True(Cell(1).Equals(Cell(1)));
        Assert.False(Cell(1).Equals(Cell(2)));
    }

    // Far deeper than the stack allows: refused with the runtime's exception, not a crash.
    [Fact]
    public void ComparingValuesNestedDeeperThanTheStackAllowsIsRefusedNotACrash()
    {
        PhpValue Deep()
        {
            PhpValue v = 1L;
            for (int i = 0; i < 200_000; i++) v = PhpArray.List(v);
            return v;
        }
        PhpValue a = Deep(), b = Deep();
        Assert.Throws<InsufficientExecutionStackException>(() => a.Equals(b));
    }
}
