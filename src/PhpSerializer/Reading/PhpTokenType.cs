namespace PhpSerializer;

/// <summary>The kind of token a <see cref="PhpSerializedReader"/> is positioned on.</summary>
public enum PhpTokenType
{
    /// <summary>Nothing read yet.</summary>
    None,
    /// <summary><c>N;</c></summary>
    Null,
    /// <summary><c>b:0;</c> or <c>b:1;</c>; see <see cref="PhpSerializedReader.GetBoolean"/>.</summary>
    Bool,
    /// <summary><c>i:n;</c> as a value; see <see cref="PhpSerializedReader.GetInt64"/>.</summary>
    Int,
    /// <summary><c>d:...;</c>; see <see cref="PhpSerializedReader.GetDouble"/>.</summary>
    Float,
    /// <summary><c>s:n:"...";</c> or legacy <c>S:</c> as a value; see <see cref="PhpSerializedReader.GetBytes"/>.</summary>
    String,
    /// <summary>An int array key or int property key (<c>i:n;</c> in key position).</summary>
    IntKey,
    /// <summary>A string array key or (mangled) property name in key position.</summary>
    StringKey,
    /// <summary><c>a:n:{</c>; see <see cref="PhpSerializedReader.ElementCount"/>.</summary>
    StartArray,
    /// <summary>The <c>}</c> closing an array.</summary>
    EndArray,
    /// <summary><c>O:n:"Class":m:{</c>; see <see cref="PhpSerializedReader.ClassNameSpan"/> and <see cref="PhpSerializedReader.ElementCount"/>.</summary>
    StartObject,
    /// <summary>The <c>}</c> closing an object.</summary>
    EndObject,
    /// <summary><c>E:n:"Class:Case";</c>; <see cref="PhpSerializedReader.ValueSpan"/> is <c>Class:Case</c>.</summary>
    EnumCase,
    /// <summary><c>C:n:"Class":m:{payload}</c>; <see cref="PhpSerializedReader.ValueSpan"/> is the payload.</summary>
    Serializable,
    /// <summary><c>r:n;</c>: the object with slot number n again; see <see cref="PhpSerializedReader.ReferenceId"/>.</summary>
    ObjectReference,
    /// <summary><c>R:n;</c>: a PHP reference to the value with slot number n; see <see cref="PhpSerializedReader.ReferenceId"/>.</summary>
    ValueReference,
}
