namespace PhpSerializer;

/// <summary>
/// Names the PHP class a .NET class, record or struct maps to (for example <c>"App\\Model\\User"</c>).
/// The type must still be registered in <see cref="PhpSerializerOptions.ClassMap"/> to be picked
/// by class name from input; the attribute only supplies the name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class PhpClassAttribute : Attribute
{
    /// <summary>Maps the type to PHP class <paramref name="name"/>.</summary>
    public PhpClassAttribute(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The PHP class name (namespace separators are single backslashes).</summary>
    public string Name { get; }
}

/// <summary>
/// Sets how a property or field is written as a PHP property: its name, visibility (the name
/// mangling PHP uses: <c>\0*\0name</c> protected, <c>\0Class\0name</c> private) and, for private
/// properties, the declaring PHP class. Also opts non-public members in.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true)]
public sealed class PhpPropertyAttribute : Attribute
{
    /// <summary>Keeps the .NET name (after the options' naming policy).</summary>
    public PhpPropertyAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the PHP property name.</summary>
    public PhpPropertyAttribute(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The PHP property name; null keeps the .NET name.</summary>
    public string? Name { get; }

    /// <summary>PHP visibility (default public).</summary>
    public PhpVisibility Visibility { get; set; } = PhpVisibility.Public;

    /// <summary>
    /// For <see cref="PhpVisibility.Private"/>: the PHP class that declares the property. When
    /// omitted, the PHP name of the .NET type that declares the member is used (so a private
    /// property of a base class gets the base class's name, as in PHP).
    /// </summary>
    public string? DeclaringClass { get; set; }

    /// <summary>Position override: members are written ordered by this value first (default 0), then base class first and in declaration order.</summary>
    public int Order { get; set; }
}

/// <summary>Excludes a property or field from PHP serialization.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = true)]
public sealed class PhpIgnoreAttribute : Attribute
{
}

/// <summary>Picks the constructor used when deserializing (otherwise: the public parameterless one, else the only public one).</summary>
[AttributeUsage(AttributeTargets.Constructor)]
public sealed class PhpConstructorAttribute : Attribute
{
}

/// <summary>
/// Maps a .NET enum to a PHP 8.1+ enum: values are written as enum cases <c>E:n:"Class:Case";</c>
/// (the case is the member name, or <see cref="PhpCaseNameAttribute"/>) instead of ints.
/// Works for pure and backed PHP enums alike (serialize() never writes the backing value).
/// </summary>
[AttributeUsage(AttributeTargets.Enum, Inherited = false)]
public sealed class PhpEnumAttribute : Attribute
{
    /// <summary>Maps the enum to the PHP enum class <paramref name="name"/>.</summary>
    public PhpEnumAttribute(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The PHP enum class name.</summary>
    public string Name { get; }
}

/// <summary>Sets the PHP case name of an enum member of a <see cref="PhpEnumAttribute"/> enum.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class PhpCaseNameAttribute : Attribute
{
    /// <summary>Uses <paramref name="name"/> as the PHP case name.</summary>
    public PhpCaseNameAttribute(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The PHP case name.</summary>
    public string Name { get; }
}
