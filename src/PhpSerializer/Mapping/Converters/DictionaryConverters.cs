using System.Globalization;
using System.Numerics;

namespace PhpSerializer;

/// <summary>Turns dictionary keys into PHP array keys and back.</summary>
internal abstract class PhpKeyMapper<TKey>
{
    public abstract PhpArrayKey ToPhp(TKey key);

    public abstract TKey FromPhp(PhpArrayKey key, PhpReadContext context);
}

/// <summary>string keys, with PHP's normalisation (<c>"5"</c> is written as int key 5; an int key reads back as <c>"5"</c>).</summary>
internal sealed class StringKeyMapper : PhpKeyMapper<string>
{
    public override PhpArrayKey ToPhp(string key) => PhpArrayKey.FromString(key);

    public override string FromPhp(PhpArrayKey key, PhpReadContext context)
    {
        if (key.IsInt) return key.IntValue.ToString(CultureInfo.InvariantCulture);
        var s = new PhpString(key.StringBytes);
        return s.TryGetUtf8String(out string text) ? text : throw context.Error("PHP array key is not valid UTF-8; use PhpArrayKey keys");
    }
}

/// <summary>Integer keys (range-checked); string keys are an error.</summary>
internal sealed class IntegerKeyMapper<TKey> : PhpKeyMapper<TKey> where TKey : struct, IBinaryInteger<TKey>
{
    public override PhpArrayKey ToPhp(TKey key)
    {
        try { return PhpArrayKey.FromInt(long.CreateChecked(key)); }
        catch (OverflowException) { throw new PhpSerializationException($"Dictionary key {key} does not fit in a PHP int key", -1); }
    }

    public override TKey FromPhp(PhpArrayKey key, PhpReadContext context)
    {
        if (!key.IsInt) throw context.Error($"PHP array key {key} is a string and cannot become {typeof(TKey).Name}");
        try { return TKey.CreateChecked(key.IntValue); }
        catch (OverflowException) { throw context.Error($"PHP array key {key.IntValue} is out of range for {typeof(TKey).Name}"); }
    }
}

/// <summary>PhpArrayKey keys, exactly.</summary>
internal sealed class RawKeyMapper : PhpKeyMapper<PhpArrayKey>
{
    public override PhpArrayKey ToPhp(PhpArrayKey key) => key;

    public override PhpArrayKey FromPhp(PhpArrayKey key, PhpReadContext context) => key;
}

/// <summary>
/// IDictionary/IReadOnlyDictionary &lt;-&gt; PHP array with keys, in enumeration/insertion order.
/// Reading creates Dictionary&lt;K,V&gt; for the interfaces, or the concrete type.
/// </summary>
internal sealed class DictionaryConverter<TDictionary, TKey, TValue>(PhpConverterCache cache, PhpKeyMapper<TKey> keys, Func<IDictionary<TKey, TValue>>? create)
    : PhpConverter<TDictionary>
    where TDictionary : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private PhpConverter<TValue>? _value;

    private PhpConverter<TValue> ValueConverter => _value ??= cache.GetConverter<TValue>();

    // Dictionary<TKey, TValue> itself; other dictionary types take the general path.
    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, TDictionary value, int recursion, int openNonEmpty)
    {
        if (value is not Dictionary<TKey, TValue> dictionary) return writer.NotHandled();
        var converter = ValueConverter;
        int count = dictionary.Count;
        if (!writer.WriteArrayHeader(count, recursion, openNonEmpty)) return false;
        int written = 0;
        foreach (var pair in dictionary)
        {
            if (++written > count) return writer.NotHandled();
            if (!writer.WriteKey(keys.ToPhp(pair.Key)) || !writer.WriteTyped(pair.Value, converter, recursion + 1, openNonEmpty + 1)) return false;
        }
        return written == count ? writer.WriteClose() : writer.NotHandled();
    }

    public override void Write(PhpSerializedWriter writer, TDictionary value, PhpWriteContext context)
    {
        var converter = ValueConverter;
        if (value is Dictionary<TKey, TValue> dictionary)
        {
            writer.WriteStartArray(dictionary.Count);
            foreach (var pair in dictionary)
            {
                writer.WriteKey(keys.ToPhp(pair.Key));
                context.WriteValue(writer, pair.Value, converter);
            }
            writer.WriteEndArray();
            return;
        }
        IEnumerable<KeyValuePair<TKey, TValue>> items = value;
        int count = value switch
        {
            ICollection<KeyValuePair<TKey, TValue>> c => c.Count,
            IReadOnlyCollection<KeyValuePair<TKey, TValue>> c => c.Count,
            _ => -1,
        };
        if (count < 0)
        {
            var buffered = new List<KeyValuePair<TKey, TValue>>(value);
            items = buffered;
            count = buffered.Count;
        }
        writer.WriteStartArray(count);
        foreach (var pair in items)
        {
            writer.WriteKey(keys.ToPhp(pair.Key));
            context.WriteValue(writer, pair.Value, converter);
        }
        writer.WriteEndArray();
    }

    public override TDictionary Read(PhpValue value, PhpReadContext context)
    {
        if (value is not PhpArray array) throw context.TypeMismatch(value, typeof(TDictionary));
        if (create is null) throw context.Error($"Cannot create {PhpReadContext.TypeName(typeof(TDictionary))} (no parameterless constructor)");
        var converter = ValueConverter;
        var result = create();
        foreach (var entry in array)
        {
            context.EnterKey(entry.Key);
            result[keys.FromPhp(entry.Key, context)] = context.ReadValue(entry.Value, converter);
            context.Exit();
        }
        return (TDictionary)result;
    }
}
