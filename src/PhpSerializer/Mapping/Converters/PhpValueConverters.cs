namespace PhpSerializer;

/// <summary>
/// PhpValue (or one of its kinds) as a .NET member: passed through unchanged both ways, with PHP
/// numbering shared with the rest of the graph. A <see cref="PhpValue"/>- or
/// <see cref="PhpReference"/>-typed member keeps &amp; cells as they are.
/// </summary>
internal sealed class PhpValuePassthroughConverter<TValue> : PhpConverter<TValue> where TValue : PhpValue
{
    private static readonly bool Raw = typeof(TValue) == typeof(PhpValue) || typeof(TValue) == typeof(PhpReference);

    public override bool HandleNull => typeof(TValue) == typeof(PhpValue) || typeof(TValue) == typeof(PhpNull);

    internal override bool ManagesNumbering => true;

    internal override bool DispatchesOnRuntimeType => false;

    internal override bool WantsRawValue => Raw;

    public override void Write(PhpSerializedWriter writer, TValue value, PhpWriteContext context)
        => context.WritePhpValue(writer, (PhpValue?)value ?? PhpNull.Instance);

    public override TValue Read(PhpValue value, PhpReadContext context)
        => value as TValue ?? throw context.TypeMismatch(value, typeof(TValue));

    // The value-tree fast writer, sharing the repeated-object check with the mapped graph around it.
    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, TValue value, int recursion, int openNonEmpty)
        => writer.WriteValue((PhpValue?)value ?? PhpNull.Instance, recursion, openNonEmpty);
}

/// <summary>
/// <c>object</c>: writes by runtime type; reads PHP null/bool/int/float as null/bool/long/double,
/// strings as string (or byte[] when not valid UTF-8), objects and enum cases of classes in the
/// class map as those .NET types, and everything else as the value model (unknown classes stay
/// <see cref="PhpObject"/>, arrays stay <see cref="PhpArray"/>), so they re-serialize unchanged.
/// </summary>
internal sealed class DynamicObjectConverter(PhpConverterCache cache) : PhpConverter<object>
{
    public override void Write(PhpSerializedWriter writer, object value, PhpWriteContext context)
        => throw new PhpSerializationException("A plain System.Object has no PHP representation", writer.BytesWritten);

    public override object Read(PhpValue value, PhpReadContext context)
    {
        switch (value)
        {
            case PhpBool b: return b.Value;
            case PhpInt i: return i.Value;
            case PhpFloat f: return f.Value;
            case PhpString s: return s.TryGetUtf8String(out string text) ? text : s.ToArray();
            case PhpObject o when cache.ClassMap.TryGetType(o.ClassNameBytes, out Type type):
                return cache.GetConverter(type).ReadBoxed(o, context)!;
            case PhpEnumCase e when cache.ClassMap.TryGetType(e.ClassName, out Type type):
                return cache.GetConverter(type).ReadBoxed(e, context)!;
            default:
                return value;
        }
    }
}

/// <summary>An abstract class or interface: written by runtime type, read through the class map (the PHP class must map to an assignable type).</summary>
internal sealed class PolymorphicConverter<T>(PhpConverterCache cache) : PhpConverter<T>
{
    public override void Write(PhpSerializedWriter writer, T value, PhpWriteContext context)
        => throw new PhpSerializationException($"Cannot serialize an instance of the abstract type {typeof(T)}", writer.BytesWritten);

    public override T Read(PhpValue value, PhpReadContext context)
    {
        Type? type = null;
        if (value is PhpObject o) cache.ClassMap.TryGetType(o.ClassNameBytes, out type);
        else if (value is PhpEnumCase e) cache.ClassMap.TryGetType(e.ClassName, out type);
        if (type is null || !typeof(T).IsAssignableFrom(type))
            throw context.Error($"PHP {PhpReadContext.Describe(value)} is not mapped (options.ClassMap) to a type assignable to {PhpReadContext.TypeName(typeof(T))}");
        return (T)cache.GetConverter(type).ReadBoxed(value, context)!;
    }
}
