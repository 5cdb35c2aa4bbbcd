namespace PhpSerializer.Tests;

/// <summary>Array keys: the accessors of each kind, equality operators, and hashes that use every bit of the key.</summary>
public class ArrayKeyTests
{
    [Fact]
    public void AccessorsOfTheOtherKindThrow()
    {
        Assert.Equal("The key is a string key.", Assert.Throws<InvalidOperationException>(() => PhpArrayKey.RawString("a").IntValue).Message);
        Assert.Equal("The key is an int key.", Assert.Throws<InvalidOperationException>(() => PhpArrayKey.FromInt(1).StringBytes.Length).Message);
        Assert.Contains("int key", Assert.Throws<InvalidOperationException>(() => PhpArrayKey.FromInt(1).StringValue).Message);
        Assert.Equal(7, PhpArrayKey.FromInt(7).IntValue);
        Assert.Equal("a", PhpArrayKey.RawString("a").StringValue);
    }

    [Fact]
    public void EqualityOperators()
    {
        Assert.True(PhpArrayKey.FromInt(1) == PhpArrayKey.FromString("1"));
        Assert.False(PhpArrayKey.FromInt(1) != PhpArrayKey.FromString("1"));
        Assert.True(PhpArrayKey.FromInt(1) != PhpArrayKey.FromInt(2));
        Assert.True(PhpArrayKey.RawString("1") != PhpArrayKey.FromInt(1));
        Assert.True(PhpArrayKey.RawString("a") == PhpArrayKey.RawString("a"));
    }

    [Fact]
    public void HashesDependOnBothHalvesOfAnIntAndOnEveryStringByte()
    {
        // Keys that differ only in the high 32 bits, or only in their bytes, must not all collide.
        Assert.True(Enumerable.Range(1, 1000).Select(i => PhpArrayKey.FromInt((long)i << 32).GetHashCode()).Distinct().Count() > 990);
        Assert.True(Enumerable.Range(1, 1000).Select(i => PhpArrayKey.FromInt(i).GetHashCode()).Distinct().Count() > 990);
        Assert.True(Enumerable.Range(1, 1000).Select(i => PhpArrayKey.RawString("k" + i).GetHashCode()).Distinct().Count() > 990);
        Assert.Equal(PhpArrayKey.RawString("same").GetHashCode(), PhpArrayKey.FromString("same").GetHashCode());
    }
}
