using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace PhpSerializer;

/// <summary>The reflected layout of a mapped type, built once: ordered members, key lookups and the creation strategy.</summary>
internal sealed class ObjectShape
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private ObjectShape(ObjectMember[] members)
    {
        Members = members;
        for (int i = 0; i < members.Length; i++)
        {
            if (!ByKey.TryAdd(members[i].Key, i))
                throw new InvalidOperationException($"Two members of {members[i].Member.DeclaringType} map to the same PHP property key {members[i].Key}.");
            if (members[i].Required) HasRequired = true;
        }
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < members.Length; i++)
        {
            if (!ByName.TryAdd(members[i].PhpName, i)) ambiguous.Add(members[i].PhpName);
        }
        foreach (var name in ambiguous) ByName.Remove(name);
    }

    public ObjectMember[] Members { get; }

    public Dictionary<PhpArrayKey, int> ByKey { get; } = new();

    /// <summary>Unmangled name -> member, for names used by only one member (PHP's visibility fix-up on unserialize).</summary>
    public Dictionary<string, int> ByName { get; } = new(StringComparer.Ordinal);

    public bool HasRequired { get; }

    /// <summary>Why instances cannot be created (reported when reading), or null.</summary>
    public string? CreationError { get; private set; }

    public Func<object>? CreateDefault { get; private set; }

    public Func<object?[], object>? Constructor { get; private set; }

    public ParameterInfo[]? Parameters { get; private set; }

    /// <summary>For each constructor parameter, the index of its member.</summary>
    public int[]? ParameterMembers { get; private set; }

    public static ObjectShape Build(Type type, PhpConverterCache cache)
    {
        var members = CollectMembers(type, cache);
        var shape = new ObjectShape(members);
        try
        {
            shape.ChooseCreation(type);
        }
        catch (InvalidOperationException e)
        {
            shape.CreationError = e.Message; // writing still works; reading reports it
        }
        return shape;
    }

    private static ObjectMember[] CollectMembers(Type type, PhpConverterCache cache)
    {
        var chain = new List<Type>();
        for (Type? t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Add(t);
        chain.Reverse(); // PHP writes inherited properties first
        var found = new List<(int Order, int Position, ObjectMember Member)>();
        var naming = cache.Options.PropertyNamingPolicy;
        foreach (Type t in chain)
        {
            var declared = new List<MemberInfo>();
            declared.AddRange(t.GetProperties(Declared));
            declared.AddRange(t.GetFields(Declared));
            declared.Sort((a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
            foreach (var member in declared)
            {
                if (!Include(member, out var attribute)) continue;
                string phpName = attribute?.Name ?? naming?.ConvertName(member.Name) ?? member.Name;
                var visibility = attribute?.Visibility ?? PhpVisibility.Public;
                string? declaringClass = null;
                if (visibility == PhpVisibility.Private)
                {
                    declaringClass = attribute!.DeclaringClass ?? cache.ClassMap.NameOf(t)
                        ?? throw new InvalidOperationException($"{t}.{member.Name} is PHP-private but neither [PhpProperty(DeclaringClass = ...)] nor a PHP class name for {t} is given.");
                }
                var key = new PhpProperty(phpName, PhpNull.Instance, visibility, declaringClass).Key;
                var mapped = ObjectMember.Create(type, member, key, phpName, cache);
                mapped.Required = member.IsDefined(typeof(RequiredMemberAttribute), false);
                found.Add((attribute?.Order ?? 0, found.Count, mapped));
            }
        }
        found.Sort((a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Position.CompareTo(b.Position));
        var result = new ObjectMember[found.Count];
        for (int i = 0; i < result.Length; i++) result[i] = found[i].Member;
        return result;
    }

    private static bool Include(MemberInfo member, out PhpPropertyAttribute? attribute)
    {
        attribute = member.GetCustomAttribute<PhpPropertyAttribute>();
        if (member.IsDefined(typeof(PhpIgnoreAttribute), true)) return false;
        if (member is FieldInfo && member.IsDefined(typeof(CompilerGeneratedAttribute), false)) return false; // backing fields
        switch (member)
        {
            case PropertyInfo p:
                if (p.GetIndexParameters().Length > 0 || p.GetMethod is null) return false;
                if (p.GetMethod.GetBaseDefinition() != p.GetMethod) return false; // an override keeps the base declaration's place
                if (p.GetMethod.IsStatic) return false;
                return p.GetMethod.IsPublic || attribute is not null;
            case FieldInfo f:
                if (f.IsStatic || f.IsLiteral) return false;
                return f.IsPublic || attribute is not null;
            default:
                return false;
        }
    }

    private void ChooseCreation(Type type)
    {
        if (type.IsAbstract || type.IsInterface) throw new InvalidOperationException($"{type} is abstract.");
        var ctors = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public);
        ConstructorInfo? chosen = ctors.FirstOrDefault(c => c.IsDefined(typeof(PhpConstructorAttribute), false))
            ?? ctors.FirstOrDefault(c => c.GetParameters().Length == 0);
        if (chosen is null && ctors.Length == 1) chosen = ctors[0];
        if (chosen is null && type.IsValueType) chosen = null;
        else if (chosen is null) throw new InvalidOperationException($"{type} needs a public parameterless constructor, a single public constructor or one marked [PhpConstructor].");

        if (chosen is null || chosen.GetParameters().Length == 0)
        {
            Expression create = chosen is null ? Expression.New(type) : Expression.New(chosen);
            CreateDefault = Expression.Lambda<Func<object>>(Expression.Convert(create, typeof(object))).Compile();
            return;
        }

        var parameters = chosen.GetParameters();
        var map = new int[parameters.Length];
        for (int p = 0; p < parameters.Length; p++)
        {
            int index = Array.FindIndex(Members, m => string.Equals(m.Member.Name, parameters[p].Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0) throw new InvalidOperationException($"Constructor parameter '{parameters[p].Name}' of {type} matches no mapped property or field.");
            if (Members[index].ValueType != parameters[p].ParameterType)
                throw new InvalidOperationException($"Constructor parameter '{parameters[p].Name}' of {type} has type {parameters[p].ParameterType} but the member has {Members[index].ValueType}.");
            Members[index].ConstructorIndex = p;
            map[p] = index;
        }
        var args = Expression.Parameter(typeof(object?[]), "args");
        var argExpressions = new Expression[parameters.Length];
        for (int p = 0; p < parameters.Length; p++)
            argExpressions[p] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(p)), parameters[p].ParameterType);
        Constructor = Expression.Lambda<Func<object?[], object>>(Expression.Convert(Expression.New(chosen, argExpressions), typeof(object)), args).Compile();
        Parameters = parameters;
        ParameterMembers = map;
    }
}
