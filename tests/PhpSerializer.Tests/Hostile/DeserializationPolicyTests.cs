using System.Text;

namespace PhpSerializer.Tests.Hostile;

/// <summary>
/// SECURITY.md's deserialization policy: a class name in the input never selects a .NET type by
/// itself. Only the caller's requested type and types registered in the options' class map are
/// created; everything else stays in the value model (or is an error for a typed request).
/// </summary>
public class DeserializationPolicyTests
{
    public abstract class Shape
    {
        public int Id { get; set; }
    }

    public sealed class Circle : Shape
    {
        public double R { get; set; }
    }

    // .NET names with dots cannot even be written in PHP class-name syntax: the reader rejects them.
    private static readonly string[] DottedNames = { "System.IO.FileInfo", "System.Diagnostics.Process", "PhpSerializer.Tests.Hostile.DeserializationPolicyTests+Circle" };

    // Names PHP accepts, some spelling .NET types the PHP way.
    private static readonly string[] PhpNames = { "System\\IO\\FileInfo", "PhpSerializer\\Tests\\Hostile\\DeserializationPolicyTests\\Circle", "Circle", "stdClass" };

    [Fact]
    public void DottedDotnetTypeNamesAreNotValidPhpClassNames()
    {
        foreach (string name in DottedNames)
        {
            var e = Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<object>(Obj(name), new PhpSerializerOptions()));
            Assert.Contains("class name", e.Message);
        }
    }

    [Fact]
    public void UnregisteredClassNamesStayValueModelObjectsWhenAskingForObject()
    {
        var options = new PhpSerializerOptions();
        foreach (string name in PhpNames)
        {
            object? result = PhpSerialization.Deserialize<object>(Obj(name), options);
            var obj = Assert.IsType<PhpObject>(result);
            Assert.Equal(Encoding.UTF8.GetBytes(name), obj.ClassNameBytes.ToArray());
        }
    }

    [Fact]
    public void APolymorphicRequestOnlyCreatesTypesFromTheExplicitMap()
    {
        var options = new PhpSerializerOptions().RegisterClass<Circle>("Circle");
        Shape? circle = PhpSerialization.Deserialize<Shape>(Obj("Circle"), options);
        Assert.IsType<Circle>(circle);
        foreach (string name in PhpNames.Where(n => n != "Circle"))
            Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Shape>(Obj(name), options));
        // With an empty map nothing is created for the abstract type, not even the registered-elsewhere Circle.
        Assert.Throws<PhpSerializationException>(() => PhpSerialization.Deserialize<Shape>(Obj("Circle"), new PhpSerializerOptions()));
    }

    [Fact]
    public void AnInterfaceRequestNeverResolvesARuntimeTypeFromTheInput()
    {
        // Refused as a configuration error before the input's class name is even looked at.
        var e = Assert.Throws<InvalidOperationException>(() => PhpSerialization.Deserialize<IDisposable>(Obj("System\\IO\\MemoryStream"), new PhpSerializerOptions()));
        Assert.Contains("IDisposable", e.Message);
    }

    private static byte[] Obj(string name)
    {
        byte[] n = Encoding.UTF8.GetBytes(name);
        return Encoding.UTF8.GetBytes($"O:{n.Length}:\"{name}\":2:{{s:2:\"Id\";i:1;s:1:\"R\";d:2.5;}}");
    }
}
