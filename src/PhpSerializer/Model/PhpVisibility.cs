namespace PhpSerializer;

/// <summary>Visibility of an object property, as encoded by PHP's property name mangling.</summary>
public enum PhpVisibility
{
    /// <summary>Public: the name is written as is.</summary>
    Public,
    /// <summary>Protected: the name is written as <c>\0*\0name</c>.</summary>
    Protected,
    /// <summary>Private: the name is written as <c>\0DeclaringClass\0name</c>.</summary>
    Private,
}
