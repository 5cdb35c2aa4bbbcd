using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace PhpSerializer;

/// <summary>A .NET enum as its underlying integer (PHP int), range-checked.</summary>
internal sealed class EnumAsIntConverter<TEnum> : PhpConverter<TEnum> where TEnum : struct, Enum
{
    private static readonly TypeCode Code = Type.GetTypeCode(Enum.GetUnderlyingType(typeof(TEnum)));

    public override void Write(PhpSerializedWriter writer, TEnum value, PhpWriteContext context)
    {
        if (Code == TypeCode.UInt64 && Unsafe.As<TEnum, ulong>(ref value) > long.MaxValue)
            throw new PhpSerializationException($"{typeof(TEnum).Name} value {value} does not fit in a PHP int", writer.BytesWritten);
        writer.WriteInt(ToInt64(value));
    }

    public override TEnum Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpInt i) throw context.TypeMismatch(value, typeof(TEnum));
        long v = i.Value;
        bool fits = Code switch
        {
            TypeCode.SByte => v is >= sbyte.MinValue and <= sbyte.MaxValue,
            TypeCode.Byte => v is >= byte.MinValue and <= byte.MaxValue,
            TypeCode.Int16 => v is >= short.MinValue and <= short.MaxValue,
            TypeCode.UInt16 => v is >= ushort.MinValue and <= ushort.MaxValue,
            TypeCode.Int32 => v is >= int.MinValue and <= int.MaxValue,
            TypeCode.UInt32 => v is >= uint.MinValue and <= uint.MaxValue,
            TypeCode.UInt64 => v >= 0,
            _ => true,
        };
        if (!fits) throw context.Error($"PHP int {v} is out of range for enum {typeof(TEnum).Name}");
        return FromInt64(v);
    }

    private static long ToInt64(TEnum value) => Code switch
    {
        TypeCode.SByte => Unsafe.As<TEnum, sbyte>(ref value),
        TypeCode.Byte => Unsafe.As<TEnum, byte>(ref value),
        TypeCode.Int16 => Unsafe.As<TEnum, short>(ref value),
        TypeCode.UInt16 => Unsafe.As<TEnum, ushort>(ref value),
        TypeCode.Int32 => Unsafe.As<TEnum, int>(ref value),
        TypeCode.UInt32 => Unsafe.As<TEnum, uint>(ref value),
        TypeCode.UInt64 => (long)Unsafe.As<TEnum, ulong>(ref value),
        _ => Unsafe.As<TEnum, long>(ref value),
    };

    private static TEnum FromInt64(long v)
    {
        switch (Code)
        {
            case TypeCode.SByte: { sbyte x = (sbyte)v; return Unsafe.As<sbyte, TEnum>(ref x); }
            case TypeCode.Byte: { byte x = (byte)v; return Unsafe.As<byte, TEnum>(ref x); }
            case TypeCode.Int16: { short x = (short)v; return Unsafe.As<short, TEnum>(ref x); }
            case TypeCode.UInt16: { ushort x = (ushort)v; return Unsafe.As<ushort, TEnum>(ref x); }
            case TypeCode.Int32: { int x = (int)v; return Unsafe.As<int, TEnum>(ref x); }
            case TypeCode.UInt32: { uint x = (uint)v; return Unsafe.As<uint, TEnum>(ref x); }
            default: return Unsafe.As<long, TEnum>(ref v);
        }
    }
}

/// <summary>
/// A .NET enum marked <see cref="PhpEnumAttribute"/> as a PHP enum case <c>E:n:"Class:Case";</c>.
/// Enum cases are singletons in PHP, so a repeated case is written as <c>r:n;</c>.
/// </summary>
internal sealed class PhpEnumCaseConverter<TEnum> : PhpConverter<TEnum> where TEnum : struct, Enum
{
    private readonly byte[] _className;
    private readonly Dictionary<TEnum, PhpEnumCase> _cases = new();
    private readonly Dictionary<string, TEnum> _byCaseName = new(StringComparer.Ordinal);

    public PhpEnumCaseConverter(string phpEnumName)
    {
        _className = Encoding.UTF8.GetBytes(phpEnumName);
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (TEnum)field.GetValue(null)!;
            string caseName = field.GetCustomAttribute<PhpCaseNameAttribute>()?.Name ?? field.Name;
            if (caseName.Length == 0 || caseName.Contains(':')) throw new InvalidOperationException($"{typeof(TEnum)}.{field.Name}: '{caseName}' is not a PHP enum case name.");
            if (!_byCaseName.TryAdd(caseName, value)) throw new InvalidOperationException($"{typeof(TEnum)}: PHP case name '{caseName}' is used twice.");
            _cases.TryAdd(value, new PhpEnumCase(phpEnumName, caseName)); // aliases: the first name wins
        }
    }

    public override void Write(PhpSerializedWriter writer, TEnum value, PhpWriteContext context)
        => writer.WriteEnumCase(Case(value, writer).SerializedName);

    internal override object? GetIdentity(TEnum value) => _cases.TryGetValue(value, out var c) ? c : null;

    public override TEnum Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpEnumCase e) throw context.TypeMismatch(value, typeof(TEnum));
        var text = e.SerializedName;
        int colon = text.IndexOf((byte)':');
        if (!PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(text[..colon], _className))
            throw context.Error($"PHP enum case {e.ClassName}::{e.CaseName} is not a case of {Encoding.UTF8.GetString(_className)} ({typeof(TEnum).Name})");
        if (!_byCaseName.TryGetValue(e.CaseName, out TEnum result))
            throw context.Error($"PHP enum {Encoding.UTF8.GetString(_className)} has no case '{e.CaseName}' in {typeof(TEnum).Name}");
        return result;
    }

    private PhpEnumCase Case(TEnum value, PhpSerializedWriter writer)
        => _cases.TryGetValue(value, out var c) ? c
            : throw new PhpSerializationException($"{typeof(TEnum).Name} value {value} is not a named member, so it has no PHP enum case", writer.BytesWritten);
}
