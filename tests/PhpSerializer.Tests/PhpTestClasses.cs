namespace PhpSerializer.Tests;

/// <summary>The classes php/classes.php declares, as the library must know them to read their data as PHP does.</summary>
internal static class PhpTestClasses
{
    /// <summary>Options that know php/classes.php's classes (WithSer has __unserialize).</summary>
    public static readonly PhpSerializerOptions Options = Create();

    private static PhpSerializerOptions Create()
    {
        var options = new PhpSerializerOptions();
        foreach (string name in new[] { "PubThing", "ProtThing", "PrivBase", "PrivChild", "OldStyle" }) options.KnownClasses.Add(name);
        options.KnownClasses.Add("WithSer", hasUnserialize: true);
        return options;
    }
}
