using System.Runtime.CompilerServices;

namespace PhpSerializer;

/// <summary>
/// State of one mapping serialize call: PHP's value counter (one number per value written, as
/// <c>r:</c>/<c>R:</c> use them) and the objects already written (a repeated .NET object becomes
/// <c>r:n;</c>, so shared references and cycles survive). Converters write child values through
/// <see cref="WriteValue{TValue}(PhpSerializedWriter, TValue)"/>.
/// </summary>
public sealed class PhpWriteContext
{
    private readonly PhpConverterCache _cache;
    private Dictionary<object, long>? _ids;
    private long _counter;

    internal PhpWriteContext(PhpConverterCache cache) => _cache = cache;

    /// <summary>The options of this call.</summary>
    public PhpSerializerOptions Options => _cache.Options;

    /// <summary>Writes one child value with the converter the options resolve for <typeparamref name="TValue"/>.</summary>
    /// <exception cref="PhpSerializationException">The value cannot be written (unsupported type, limit, overflow).</exception>
    public void WriteValue<TValue>(PhpSerializedWriter writer, TValue value)
        => WriteValue(writer, value, _cache.GetConverter<TValue>());

    internal PhpConverterCache Cache => _cache;

    internal void WriteValue<T>(PhpSerializedWriter writer, T value, PhpConverter<T> converter)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new PhpSerializationException("The object graph is nested too deeply for the stack (lower MaxDepth or break the cycle)", writer.BytesWritten);
        if (value is null && !converter.HandleNull)
        {
            _counter++;
            writer.WriteNull();
            return;
        }
        if (converter.DispatchesOnRuntimeType && value is not null && value.GetType() != typeof(T))
        {
            _cache.GetConverter(value.GetType()).WriteBoxed(writer, value, this);
            return;
        }
        if (converter.ManagesNumbering)
        {
            converter.Write(writer, value, this);
            return;
        }
        _counter++;
        object? identity = converter.GetIdentity(value);
        if (identity is not null)
        {
            _ids ??= new Dictionary<object, long>(PhpIdentityComparer.Instance);
            if (_ids.TryGetValue(identity, out long slot))
            {
                writer.WriteObjectReference(slot);
                return;
            }
            _ids.Add(identity, _counter);
        }
        converter.Write(writer, value, this);
    }

    /// <summary>Writes a value-model tree inside the mapped graph with PHP's numbering (what PhpValueSerializer does for whole trees).</summary>
    internal void WritePhpValue(PhpSerializedWriter writer, PhpValue value)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new PhpSerializationException("The value is nested too deeply for the stack", writer.BytesWritten);
        _counter++;
        _ids ??= new Dictionary<object, long>(PhpIdentityComparer.Instance);
        if (value is PhpReference reference)
        {
            object key = IsObjectLike(reference.Value) ? reference.Value : reference;
            if (_ids.TryGetValue(key, out long slot))
            {
                _counter--; // a repeated & reference takes no number
                writer.WriteValueReference(slot);
                return;
            }
            _ids.Add(key, _counter);
            value = reference.Value;
        }
        else if (IsObjectLike(value))
        {
            if (_ids.TryGetValue(value, out long slot))
            {
                writer.WriteObjectReference(slot);
                return;
            }
            _ids.Add(value, _counter);
        }
        switch (value)
        {
            case PhpNull:
                writer.WriteNull();
                break;
            case PhpBool b:
                writer.WriteBool(b.Value);
                break;
            case PhpInt i:
                writer.WriteInt(i.Value);
                break;
            case PhpFloat f:
                writer.WriteFloat(f.Value);
                break;
            case PhpString s:
                writer.WriteString(s.Span);
                break;
            case PhpEnumCase e:
                writer.WriteEnumCase(e.SerializedName);
                break;
            case PhpSerializableObject c:
                writer.WriteSerializable(c.ClassNameBytes, c.Payload);
                _counter += c.GetPayloadSlotCount(Options);
                break;
            case PhpArray a:
                writer.WriteStartArray(a.Count);
                foreach (var entry in a.Entries)
                {
                    writer.WriteKey(entry.Key);
                    WritePhpValue(writer, entry.Value);
                }
                writer.WriteEndArray();
                break;
            case PhpObject o:
                writer.WriteStartObject(o.ClassNameBytes, o.Count);
                for (int i = 0; i < o.Count; i++)
                {
                    var p = o.GetPropertyAt(i);
                    writer.WriteKey(p.Key);
                    WritePhpValue(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            default:
                throw new PhpSerializationException($"Cannot serialize a value of kind {value.Kind}", writer.BytesWritten);
        }
    }

    private static bool IsObjectLike(PhpValue v) => v is PhpObject or PhpEnumCase or PhpSerializableObject;
}
