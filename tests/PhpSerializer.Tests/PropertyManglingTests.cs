using System.Text;
using PhpSerializer;

namespace PhpSerializer.Tests;

/// <summary>
/// The serialized key of a property built from its unmangled name: public <c>name</c>,
/// protected <c>\0*\0name</c>, private <c>\0Class\0name</c>. A declaring class given for a
/// public or protected property is ignored, as PHP's mangling has no place for it.
/// </summary>
public class PropertyManglingTests
{
    private static string Serialized(params PhpProperty[] properties)
    {
        var o = new PhpObject("Foo");
        foreach (PhpProperty p in properties) o.Set(p);
        return Encoding.UTF8.GetString(PhpSerialization.Serialize(o));
    }

    [Theory]
    [InlineData(PhpVisibility.Public, null, "x", "O:3:\"Foo\":1:{s:1:\"x\";i:1;}")]
    [InlineData(PhpVisibility.Public, "Foo", "x", "O:3:\"Foo\":1:{s:1:\"x\";i:1;}")]
    [InlineData(PhpVisibility.Protected, null, "\0*\0x", "O:3:\"Foo\":1:{s:4:\"\0*\0x\";i:1;}")]
    [InlineData(PhpVisibility.Protected, "Foo", "\0*\0x", "O:3:\"Foo\":1:{s:4:\"\0*\0x\";i:1;}")]
    [InlineData(PhpVisibility.Private, "Foo", "\0Foo\0x", "O:3:\"Foo\":1:{s:6:\"\0Foo\0x\";i:1;}")]
    [InlineData(PhpVisibility.Private, "Bar", "\0Bar\0x", "O:3:\"Foo\":1:{s:6:\"\0Bar\0x\";i:1;}")]
    public void KeysAreMangledByVisibilityOnly(PhpVisibility visibility, string? declaringClass, string key, string serialized)
    {
        var p = new PhpProperty("x", 1L, visibility, declaringClass);
        Assert.Equal(Encoding.UTF8.GetBytes(key), p.Key.StringBytes.ToArray());
        Assert.Equal(serialized, Serialized(p));
        Assert.Equal(visibility, p.Visibility);
        Assert.Equal("x", p.Name);
        Assert.Equal("x"u8.ToArray(), p.NameBytes.ToArray());
        Assert.Equal(visibility == PhpVisibility.Private ? declaringClass : null, p.DeclaringClass);
        Assert.Equal(p, PhpProperty.FromKey(PhpArrayKey.RawString(Encoding.UTF8.GetBytes(key)), 1L));
    }

    [Fact]
    public void ProtectedWithADeclaringClassReadsBackAsProtectedWithoutOne()
    {
        PhpValue back = PhpSerialization.Unserialize(Encoding.UTF8.GetBytes(Serialized(new PhpProperty("x", 1L, PhpVisibility.Protected, "Foo"))));
        PhpProperty p = Assert.Single((PhpObject)back);
        Assert.Equal(PhpVisibility.Protected, p.Visibility);
        Assert.Null(p.DeclaringClass);
        Assert.Equal("x", p.Name);
        Assert.Equal(new PhpProperty("x", 1L, PhpVisibility.Protected), p);
        Assert.NotEqual(new PhpProperty("x", 1L, PhpVisibility.Private, "Foo"), p);
    }

    [Fact]
    public void MultiByteNamesAndClassesAreMangledAsUtf8()
    {
        var p = new PhpProperty("é", 1L, PhpVisibility.Private, "Ça");
        Assert.Equal("\0Ça\0é", Encoding.UTF8.GetString(p.Key.StringBytes));
        Assert.Equal(1 + 3 + 1 + 2, p.Key.StringBytes.Length);
        Assert.Equal("Ça", p.DeclaringClass);
        Assert.Equal("é", p.Name);
        var q = new PhpProperty("é", 1L, PhpVisibility.Protected, "Ça");
        Assert.Equal("\0*\0é", Encoding.UTF8.GetString(q.Key.StringBytes));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var noClass = Assert.Throws<ArgumentNullException>(() => new PhpProperty("x", 1L, PhpVisibility.Private));
        Assert.Equal("declaringClass", noClass.ParamName);
        Assert.Contains("A private property needs its declaring class.", noClass.Message);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => PhpProperty.FromKey(PhpArrayKey.FromString("x"), null!)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new PhpProperty("x", 1L).WithValue(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => new PhpProperty(null!, 1L)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new PhpProperty("x", null!)).ParamName);
        Assert.Equal("visibility", Assert.Throws<ArgumentOutOfRangeException>(() => new PhpProperty("x", 1L, (PhpVisibility)99)).ParamName);
    }

    [Theory]
    [InlineData("\0*\0x", PhpVisibility.Protected, null, "x")]
    [InlineData("\0Foo\0x", PhpVisibility.Private, "Foo", "x")]
    [InlineData("\0\0x", PhpVisibility.Private, "", "x")]
    [InlineData("\0*\0", PhpVisibility.Protected, null, "")]
    [InlineData("\0\0", PhpVisibility.Private, "", "")]      // the shortest mangled key
    [InlineData("\0x", PhpVisibility.Public, null, "\0x")]     // no second NUL: not mangled
    [InlineData("\0", PhpVisibility.Public, null, "\0")]
    [InlineData("", PhpVisibility.Public, null, "")]
    [InlineData("x\0y\0z", PhpVisibility.Public, null, "x\0y\0z")] // mangling starts with NUL
    [InlineData("\0**\0x", PhpVisibility.Private, "**", "x")]
    public void RawKeysAreUnmangledAsPhpDoes(string key, PhpVisibility visibility, string? declaringClass, string name)
    {
        PhpProperty p = PhpProperty.FromKey(PhpArrayKey.RawString(Encoding.UTF8.GetBytes(key)), 1L);
        Assert.Equal(visibility, p.Visibility);
        Assert.Equal(declaringClass, p.DeclaringClass);
        Assert.Equal(name, p.Name);
    }

    [Fact]
    public void ToStringShowsTheLabelAndTheValue()
    {
        Assert.Equal("[\"x\":protected] => int(1)", new PhpProperty("x", 1L, PhpVisibility.Protected).ToString());
        Assert.Equal("[\"y\":\"Foo\":private] => string(2) \"ab\"", new PhpProperty("y", "ab", PhpVisibility.Private, "Foo").ToString());
    }

    [Fact]
    public void IntKeysArePublicWithTheirDigitsAsName()
    {
        PhpProperty p = PhpProperty.FromKey(PhpArrayKey.FromInt(-12), 1L);
        Assert.Equal(PhpVisibility.Public, p.Visibility);
        Assert.Null(p.DeclaringClass);
        Assert.Equal("-12", p.Name);
    }
}
