namespace PhpSerializer;

/// <summary>
/// Converts one .NET type to and from PHP serialized values (non-generic view). Derive from
/// <see cref="PhpConverter{T}"/> to write a custom converter and add it to
/// <see cref="PhpSerializerOptions.Converters"/>.
/// </summary>
public abstract class PhpConverter
{
    private protected PhpConverter() { }

    /// <summary>The .NET type this converter handles.</summary>
    public abstract Type Type { get; }

    /// <summary>True when this converter handles <paramref name="type"/> (default: exactly <see cref="Type"/>).</summary>
    public virtual bool CanConvert(Type type) => type == Type;

    internal abstract void WriteBoxed(PhpSerializedWriter writer, object? value, PhpWriteContext context);

    internal abstract object? ReadBoxed(PhpValue value, PhpReadContext context);
}

/// <summary>
/// Converts <typeparamref name="T"/> to and from PHP serialized values, in the style of
/// <c>System.Text.Json</c>'s <c>JsonConverter&lt;T&gt;</c>. Converters are resolved once per type
/// and cached by the options object.
/// </summary>
/// <remarks>
/// <see cref="Write"/> must write exactly one value. Child values (array elements, property
/// values) must be written through <see cref="PhpWriteContext.WriteValue{TValue}(PhpSerializedWriter, TValue)"/>
/// so that PHP's value numbering (<c>r:</c>) and object identity stay right; keys and scalars
/// are written directly with the <see cref="PhpSerializedWriter"/>.
/// </remarks>
/// <typeparam name="T">The .NET type.</typeparam>
public abstract class PhpConverter<T> : PhpConverter
{
    private static readonly bool DeclaredTypeIsOpen = !typeof(T).IsValueType && !typeof(T).IsSealed;

    /// <summary>Creates the converter.</summary>
    protected PhpConverter() { }

    /// <inheritdoc />
    public sealed override Type Type => typeof(T);

    /// <summary>
    /// When false (default), PHP <c>null</c> becomes <c>default(T)</c> (an error for non-nullable
    /// value types) and a .NET null is written as <c>N;</c> without calling the converter.
    /// When true, <see cref="Read"/> also receives <see cref="PhpNull"/>.
    /// </summary>
    public virtual bool HandleNull => false;

    /// <summary>Writes <paramref name="value"/> (never null unless <see cref="HandleNull"/>) as exactly one PHP value.</summary>
    public abstract void Write(PhpSerializedWriter writer, T value, PhpWriteContext context);

    /// <summary>Converts a PHP value (already dereferenced from any <c>&amp;</c> cell) to <typeparamref name="T"/>.</summary>
    /// <exception cref="PhpSerializationException">The PHP value does not fit <typeparamref name="T"/>; create it with <see cref="PhpReadContext.TypeMismatch"/>.</exception>
    public abstract T Read(PhpValue value, PhpReadContext context);

    /// <summary>Non-null when the value is a PHP object whose repeats are written as <c>r:n;</c> (its identity key).</summary>
    internal virtual object? GetIdentity(T value) => null;

    /// <summary>True for the PhpValue passthrough, which numbers its own values.</summary>
    internal virtual bool ManagesNumbering => false;

    /// <summary>True when the runtime type of a value may differ from <typeparamref name="T"/> and should pick the converter.</summary>
    internal virtual bool DispatchesOnRuntimeType => DeclaredTypeIsOpen;

    /// <summary>True when <see cref="Read"/> wants the raw value (a <see cref="PhpReference"/> cell is not dereferenced).</summary>
    internal virtual bool WantsRawValue => false;

    internal override void WriteBoxed(PhpSerializedWriter writer, object? value, PhpWriteContext context)
        => context.WriteValue(writer, (T)value!, this);

    internal override object? ReadBoxed(PhpValue value, PhpReadContext context) => context.ReadValue(value, this);

    /// <summary>
    /// The streaming read of <see cref="PhpSerialization.Deserialize{T}(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>:
    /// one value (never <c>N;</c> unless <see cref="HandleNull"/>) straight from the bytes. False
    /// gives up, and the whole input then goes through the tree path (<see cref="Read"/>), which
    /// decides the result or the exact error; so an override may only accept input that
    /// <see cref="Read"/> would turn into the same value. This default parses the value into a
    /// <see cref="PhpValue"/> and calls <see cref="Read"/> (custom converters work unchanged).
    /// </summary>
    /// <summary>
    /// The fast write of <see cref="PhpSerialization.Serialize{T}(T, PhpSerializerOptions?)"/>: one
    /// non-null value straight into the span (objects already checked for repeats). False, with the
    /// writer's status set, gives up; the general path (<see cref="Write"/>) then writes the whole
    /// value, so an override must produce exactly the bytes <see cref="Write"/> produces. This
    /// default gives up (custom converters always take the general path).
    /// </summary>
    internal virtual bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, T value, int recursion, int openNonEmpty) => writer.NotHandled();

    internal virtual bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out T value)
    {
        PhpValue? tree = parser.ParseValue();
        if (tree is null)
        {
            value = default!;
            return false;
        }
        value = context.ReadValue(tree, this);
        return true;
    }
}
