using System.Linq.Expressions;
using System.Reflection;

namespace PhpSerializer;

/// <summary>One mapped property or field of a .NET type: its PHP key and typed, compiled accessors.</summary>
internal abstract class ObjectMember
{
    protected ObjectMember(MemberInfo member, PhpArrayKey key, string phpName, bool canSet)
    {
        Member = member;
        Key = key;
        PhpName = phpName;
        CanSet = canSet;
    }

    public MemberInfo Member { get; }

    /// <summary>The mangled key exactly as serialized.</summary>
    public PhpArrayKey Key { get; }

    /// <summary>The unmangled PHP name.</summary>
    public string PhpName { get; }

    public bool CanSet { get; }

    /// <summary>Index of the constructor parameter this member binds to, or -1.</summary>
    public int ConstructorIndex { get; set; } = -1;

    /// <summary>A C# <c>required</c> member (must be present in the input).</summary>
    public bool Required { get; set; }

    public abstract Type ValueType { get; }

    public abstract void Write(PhpSerializedWriter writer, object owner, PhpWriteContext context);

    public abstract void ReadInto(object owner, PhpValue value, PhpReadContext context);

    /// <summary>The fast write of the member's key and value (see <see cref="PhpConverter{T}"/>).</summary>
    public abstract bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, object owner, int recursion, int openNonEmpty);

    public abstract object? ReadBoxed(PhpValue value, PhpReadContext context);

    /// <summary>Streaming read of the member's value into <paramref name="owner"/>; false gives up (see <see cref="PhpConverter{T}"/>).</summary>
    public abstract bool TryReadStreamingInto(object owner, ref FastTreeParser parser, PhpReadContext context);

    public abstract void SetBoxed(object owner, object? value);

    public static ObjectMember Create(Type ownerType, MemberInfo member, PhpArrayKey key, string phpName, PhpConverterCache cache)
    {
        Type valueType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        var memberType = typeof(ObjectMember<>).MakeGenericType(valueType);
        return (ObjectMember)Activator.CreateInstance(memberType, ownerType, member, key, phpName, cache)!;
    }
}

/// <summary>A member of value type <typeparamref name="TValue"/> (no boxing on the write path or on setter-based reads).</summary>
internal sealed class ObjectMember<TValue> : ObjectMember
{
    private readonly PhpConverterCache _cache;
    private readonly Func<object, TValue> _get;
    private readonly Action<object, TValue>? _set;
    private PhpConverter<TValue>? _converter;

    public ObjectMember(Type ownerType, MemberInfo member, PhpArrayKey key, string phpName, PhpConverterCache cache)
        : base(member, key, phpName, IsSettable(member))
    {
        _cache = cache;
        var owner = Expression.Parameter(typeof(object), "owner");
        // For a struct owner, Unbox gives the boxed storage itself, so setters mutate the box.
        Expression typedOwner = ownerType.IsValueType ? Expression.Unbox(owner, ownerType) : Expression.Convert(owner, ownerType);
        Expression access = member is PropertyInfo pi ? Expression.Property(typedOwner, pi) : Expression.Field(typedOwner, (FieldInfo)member);
        _get = Expression.Lambda<Func<object, TValue>>(access, owner).Compile();
        if (CanSet)
        {
            var value = Expression.Parameter(typeof(TValue), "value");
            _set = Expression.Lambda<Action<object, TValue>>(Expression.Assign(access, value), owner, value).Compile();
        }
    }

    public override Type ValueType => typeof(TValue);

    private PhpConverter<TValue> Converter => _converter ??= _cache.GetConverter<TValue>();

    public override void Write(PhpSerializedWriter writer, object owner, PhpWriteContext context)
    {
        writer.WriteKey(Key);
        context.WriteValue(writer, _get(owner), Converter);
    }

    public override void ReadInto(object owner, PhpValue value, PhpReadContext context) => _set!(owner, context.ReadValue(value, Converter));

    public override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, object owner, int recursion, int openNonEmpty)
        => writer.WriteKey(Key) && writer.WriteTyped(_get(owner), Converter, recursion, openNonEmpty);

    public override object? ReadBoxed(PhpValue value, PhpReadContext context) => context.ReadValue(value, Converter);

    public override bool TryReadStreamingInto(object owner, ref FastTreeParser parser, PhpReadContext context)
    {
        if (!context.TryReadStreaming(ref parser, Converter, out TValue value)) return false;
        _set!(owner, value);
        return true;
    }

    public override void SetBoxed(object owner, object? value) => _set!(owner, (TValue)value!);

    private static bool IsSettable(MemberInfo member) => member switch
    {
        PropertyInfo p => p.SetMethod is not null,
        FieldInfo f => !f.IsInitOnly && !f.IsLiteral,
        _ => false,
    };
}
