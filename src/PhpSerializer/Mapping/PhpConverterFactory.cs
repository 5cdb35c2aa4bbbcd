using System.Linq.Expressions;
using System.Reflection;

namespace PhpSerializer;

/// <summary>Picks the built-in converter for a type (runs once per type per options).</summary>
internal static class PhpConverterFactory
{
    public static PhpConverter Create(Type type, PhpConverterCache cache)
    {
        if (typeof(PhpValue).IsAssignableFrom(type)) return Make(typeof(PhpValuePassthroughConverter<>), type);
        if (type == typeof(object)) return new DynamicObjectConverter(cache);
        if (type == typeof(bool)) return new BooleanConverter();
        if (type == typeof(string)) return new StringConverter();
        if (type == typeof(byte[])) return new ByteArrayConverter();
        if (type == typeof(double)) return new DoubleConverter();
        if (type == typeof(float)) return new SingleConverter();
        if (type == typeof(decimal)) return new DecimalConverter();
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte))
            return Make(typeof(IntegerConverter<>), type);

        if (Nullable.GetUnderlyingType(type) is Type underlying)
            return Make(typeof(NullableConverter<>), underlying, cache.GetConverter(underlying));

        if (type.IsEnum)
        {
            // A PHP enum when registered in the class map or marked [PhpEnum]; otherwise its integer value.
            string? phpEnum = cache.ClassMap.TryGetName(type, out string? registered) ? registered : type.GetCustomAttribute<PhpEnumAttribute>()?.Name;
            return phpEnum is null ? Make(typeof(EnumAsIntConverter<>), type) : Make(typeof(PhpEnumCaseConverter<>), type, phpEnum);
        }

        if (type.IsArray)
        {
            if (type.GetArrayRank() != 1) throw Unsupported(type, "multi-dimensional arrays are not supported");
            return Make(typeof(ArrayConverter<>), type.GetElementType()!, cache);
        }

        if (FindDictionary(type) is (Type keyType, Type valueType))
        {
            object keys = KeyMapper(keyType) ?? throw Unsupported(type, $"dictionary keys of type {keyType} are not supported (use string, an integer type or PhpArrayKey)");
            var dictionaryInterface = typeof(IDictionary<,>).MakeGenericType(keyType, valueType);
            Type? concrete = type.IsInterface ? typeof(Dictionary<,>).MakeGenericType(keyType, valueType) : type;
            object? create = concrete.IsAssignableTo(dictionaryInterface) ? Creator(concrete, dictionaryInterface) : null;
            return Make(typeof(DictionaryConverter<,,>), [type, keyType, valueType], cache, keys, create);
        }

        if (FindEnumerable(type) is Type elementType)
        {
            var collectionInterface = typeof(ICollection<>).MakeGenericType(elementType);
            Type concrete = type;
            if (type.IsInterface)
            {
                var set = typeof(HashSet<>).MakeGenericType(elementType);
                var list = typeof(List<>).MakeGenericType(elementType);
                concrete = type.IsAssignableFrom(list) ? list : type.IsAssignableFrom(set) ? set : type;
            }
            object? create = concrete.IsAssignableTo(collectionInterface) ? Creator(concrete, collectionInterface) : null;
            return Make(typeof(EnumerableConverter<,>), [type, elementType], cache, create);
        }

        if (type.IsPrimitive || type.IsPointer || type.IsByRef || type == typeof(IntPtr) || type == typeof(UIntPtr) || type.IsGenericTypeDefinition
            || typeof(Delegate).IsAssignableFrom(type) || (type.Namespace?.StartsWith("System", StringComparison.Ordinal) ?? false))
            throw Unsupported(type, "add a PhpConverter for it to options.Converters");

        if (type.IsAbstract || type.IsInterface) return Make(typeof(PolymorphicConverter<>), type, cache);

        string phpName = cache.ClassMap.NameOf(type)
            ?? (type.IsGenericType ? throw Unsupported(type, "generic types need [PhpClass] or a ClassMap entry for their PHP class name") : type.Name);
        return Make(typeof(ObjectConverter<>), type, cache, phpName);
    }

    private static InvalidOperationException Unsupported(Type type, string why)
        => new($"{PhpReadContext.TypeName(type)} cannot be mapped to PHP: {why}.");

    private static PhpConverter Make(Type generic, Type argument, params object?[] args) => Make(generic, [argument], args);

    private static PhpConverter Make(Type generic, Type[] arguments, params object?[] args)
    {
        try
        {
            return (PhpConverter)Activator.CreateInstance(generic.MakeGenericType(arguments), args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static object? KeyMapper(Type keyType)
    {
        if (keyType == typeof(string)) return new StringKeyMapper();
        if (keyType == typeof(PhpArrayKey)) return new RawKeyMapper();
        if (keyType == typeof(long) || keyType == typeof(int) || keyType == typeof(short) || keyType == typeof(sbyte)
            || keyType == typeof(ulong) || keyType == typeof(uint) || keyType == typeof(ushort) || keyType == typeof(byte))
            return Activator.CreateInstance(typeof(IntegerKeyMapper<>).MakeGenericType(keyType));
        return null;
    }

    /// <summary>A compiled <c>Func&lt;TInterface&gt;</c> calling the parameterless constructor of <paramref name="concrete"/>, or null.</summary>
    private static object? Creator(Type concrete, Type asInterface)
    {
        if (concrete.IsAbstract || concrete.IsInterface || concrete.GetConstructor(Type.EmptyTypes) is null) return null;
        var lambda = Expression.Lambda(typeof(Func<>).MakeGenericType(asInterface), Expression.Convert(Expression.New(concrete), asInterface));
        return lambda.Compile();
    }

    private static (Type Key, Type Value)? FindDictionary(Type type)
    {
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (!candidate.IsGenericType) continue;
            var def = candidate.GetGenericTypeDefinition();
            if (def == typeof(IDictionary<,>) || def == typeof(IReadOnlyDictionary<,>))
            {
                var args = candidate.GetGenericArguments();
                return (args[0], args[1]);
            }
        }
        return null;
    }

    private static Type? FindEnumerable(Type type)
    {
        if (type == typeof(string)) return null;
        foreach (var candidate in SelfAndInterfaces(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return candidate.GetGenericArguments()[0];
        }
        return null;
    }

    private static IEnumerable<Type> SelfAndInterfaces(Type type)
    {
        yield return type;
        foreach (var i in type.GetInterfaces()) yield return i;
    }
}
