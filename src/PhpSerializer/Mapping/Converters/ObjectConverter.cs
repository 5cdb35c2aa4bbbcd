using System.Text;

namespace PhpSerializer;

/// <summary>
/// A POCO, record or struct &lt;-&gt; PHP object <c>O:n:"Class":m:{...}</c>. Members are written base
/// class first, in declaration order, with PHP's name mangling. Reading matches keys exactly,
/// then by unmangled name (as PHP does when visibility differs); creates the object with the
/// parameterless constructor (then sets members; cycles allowed) or binds constructor
/// parameters by name. A repeated .NET instance is written as <c>r:n;</c>.
/// </summary>
internal sealed class ObjectConverter<T> : PhpConverter<T>
{
    private readonly PhpConverterCache _cache;
    private readonly byte[] _className;
    private readonly ObjectShape _shape;

    public ObjectConverter(PhpConverterCache cache, string phpClassName)
    {
        _cache = cache;
        _className = Encoding.UTF8.GetBytes(phpClassName);
        _shape = ObjectShape.Build(typeof(T), cache);
    }

    internal override object? GetIdentity(T value) => typeof(T).IsValueType ? null : value;

    public override void Write(PhpSerializedWriter writer, T value, PhpWriteContext context)
    {
        var members = _shape.Members;
        object owner = value!;
        writer.WriteStartObject(_className, members.Length);
        for (int i = 0; i < members.Length; i++) members[i].Write(writer, owner, context);
        writer.WriteEndObject();
    }

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, T value, int recursion, int openNonEmpty)
    {
        var members = _shape.Members;
        object owner = value!;
        if (!writer.WriteObjectHeader(_className, members.Length, recursion, openNonEmpty)) return false;
        for (int i = 0; i < members.Length; i++)
        {
            if (!members[i].TryWriteFast(ref writer, owner, recursion + 1, openNonEmpty + 1)) return false;
        }
        return writer.WriteClose();
    }

    public override T Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpObject obj) throw context.TypeMismatch(value, typeof(T));
        if (!PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(obj.ClassNameBytes, _className))
        {
            if (_cache.ClassMap.TryGetType(obj.ClassNameBytes, out Type mapped) && mapped != typeof(T) && typeof(T).IsAssignableFrom(mapped))
                return (T)_cache.GetConverter(mapped).ReadBoxed(obj, context)!;
            throw context.Error($"PHP object of class '{obj.ClassName}' cannot become {PhpReadContext.TypeName(typeof(T))} (PHP class '{Encoding.UTF8.GetString(_className)}'); register the class in options.ClassMap");
        }
        if (context.TryGetMaterialized(obj, out object existing) && existing is T same) return same;
        if (_shape.CreationError is not null) throw new InvalidOperationException(_shape.CreationError);
        return _shape.Constructor is null ? ReadWithSetters(obj, context) : ReadWithConstructor(obj, context);
    }

    private T ReadWithSetters(PhpObject obj, PhpReadContext context)
    {
        object owner = _shape.CreateDefault!();
        if (!typeof(T).IsValueType) context.SetMaterialized(obj, owner);
        var members = _shape.Members;
        Span<bool> seen = members.Length <= 128 ? stackalloc bool[members.Length] : new bool[members.Length];
        ReadMembers(obj, context, seen, owner, static (member, _, value, context, owner) =>
        {
            if (member.CanSet) member.ReadInto(owner, value, context);
        });
        CheckRequired(seen, context);
        return (T)owner;
    }

    private T ReadWithConstructor(PhpObject obj, PhpReadContext context)
    {
        var members = _shape.Members;
        var parameters = _shape.Parameters!;
        var args = new object?[parameters.Length];
        var values = new object?[members.Length];
        Span<bool> seen = members.Length <= 128 ? stackalloc bool[members.Length] : new bool[members.Length];
        if (!typeof(T).IsValueType) context.MarkUnderConstruction(obj);
        ReadMembers(obj, context, seen, values, static (member, index, value, context, values) => values[index] = member.ReadBoxed(value, context));
        for (int p = 0; p < parameters.Length; p++)
        {
            int index = _shape.ParameterMembers![p];
            if (seen[index]) args[p] = values[index];
            else if (parameters[p].HasDefaultValue) args[p] = DefaultOf(parameters[p]);
            else throw context.Error($"PHP object of class '{obj.ClassName}' has no property '{members[index].PhpName}' for the required constructor parameter '{parameters[p].Name}' of {PhpReadContext.TypeName(typeof(T))}");
        }
        object owner = _shape.Constructor!(args);
        if (!typeof(T).IsValueType) context.SetMaterialized(obj, owner);
        for (int i = 0; i < members.Length; i++)
        {
            var member = members[i];
            if (seen[i] && member.ConstructorIndex < 0 && member.CanSet) member.SetBoxed(owner, values[i]);
        }
        CheckRequired(seen, context);
        return (T)owner;
    }

    // Hands each property of obj that maps to a member to read, in the input's order, with the
    // context's path at that property, and marks the member seen (a repeated name reads again).
    private void ReadMembers<TState>(PhpObject obj, PhpReadContext context, Span<bool> seen, TState state,
        Action<ObjectMember, int, PhpValue, PhpReadContext, TState> read)
    {
        var members = _shape.Members;
        for (int i = 0; i < obj.Count; i++)
        {
            ref readonly var property = ref obj.EntryAt(i);
            int index = Find(property.Key, context);
            if (index < 0) continue;
            var member = members[index];
            context.EnterProperty(member.PhpName, property.Key);
            read(member, index, property.Value, context, state);
            context.Exit();
            seen[index] = true;
        }
    }

    private static object? DefaultOf(System.Reflection.ParameterInfo parameter)
    {
        object? d = parameter.DefaultValue;
        if (d is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null)
            return Activator.CreateInstance(parameter.ParameterType);
        return d;
    }

    // Streaming read: the parameterless-constructor shape with this exact class (any case). Everything
    // else -- another class (class map, polymorphism), constructor binding, a member seen twice (the
    // tree keeps the first position and the last value), an unknown property under
    // ThrowOnUnknownProperties, a missing required member -- gives up to the tree path.
    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out T value)
    {
        if (_shape.CreationError is not null || _shape.Constructor is not null || _shape.CreateDefault is null)
            return base.TryReadStreaming(ref parser, context, out value);
        value = default!;
        if (!parser.TryReadObjectStart(out ReadOnlySpan<byte> className, out int count)
            || !PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(className, _className)) return false;
        object owner = _shape.CreateDefault();
        var members = _shape.Members;
        Span<bool> seen = members.Length <= 128 ? stackalloc bool[members.Length] : new bool[members.Length];
        int expected = 0;
        for (int n = 0; n < count; n++)
        {
            if (!parser.TryReadPropertyKey(out ReadOnlySpan<byte> name)) return false;
            int index = FindStreaming(name, expected);
            if (index < 0)
            {
                if (context.Options.ThrowOnUnknownProperties || !parser.TrySkipValue()) return false;
                continue;
            }
            if (seen[index]) return false;
            seen[index] = true;
            expected = index + 1;
            var member = members[index];
            if (member.CanSet ? !member.TryReadStreamingInto(owner, ref parser, context) : !parser.TrySkipValue()) return false;
        }
        if (!parser.TryReadObjectEnd(count)) return false;
        if (_shape.HasRequired)
        {
            for (int i = 0; i < members.Length; i++)
            {
                if (members[i].Required && !seen[i]) return false;
            }
        }
        value = (T)owner;
        return true;
    }

    // As Find: the exact serialized key first (trying the next member in declaration order before
    // the others, the usual order), then the unmangled name; -1 when no member has it.
    private int FindStreaming(ReadOnlySpan<byte> name, int expected)
    {
        var members = _shape.Members;
        if (expected < members.Length && KeyIs(members[expected].Key, name)) return expected;
        for (int i = 0; i < members.Length; i++)
        {
            if (KeyIs(members[i].Key, name)) return i;
        }
        return _shape.ByName.TryGetValue(PhpProperty.UnmangledName(name), out int index) ? index : -1;
    }

    private static bool KeyIs(PhpArrayKey key, ReadOnlySpan<byte> name) => key.IsString && key.StringBytes.SequenceEqual(name);

    private int Find(PhpArrayKey key, PhpReadContext context)
    {
        if (_shape.ByKey.TryGetValue(key, out int index)) return index;
        if (key.IsString && _shape.ByName.TryGetValue(PhpProperty.UnmangledName(key.StringBytes), out index)) return index;
        if (context.Options.ThrowOnUnknownProperties)
            throw context.Error($"PHP property {key} has no matching member in {PhpReadContext.TypeName(typeof(T))}");
        return -1;
    }

    private void CheckRequired(ReadOnlySpan<bool> seen, PhpReadContext context)
    {
        if (!_shape.HasRequired) return;
        var members = _shape.Members;
        for (int i = 0; i < members.Length; i++)
        {
            if (members[i].Required && !seen[i])
                throw context.Error($"Required property '{members[i].PhpName}' of {PhpReadContext.TypeName(typeof(T))} is missing");
        }
    }
}
