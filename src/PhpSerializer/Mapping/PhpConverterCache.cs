using System.Collections.Concurrent;

namespace PhpSerializer;

/// <summary>Per-options cache: one converter per .NET type, resolved once (reflection happens only here).</summary>
internal sealed class PhpConverterCache
{
    private readonly ConcurrentDictionary<Type, PhpConverter> _converters = new();
    private readonly PhpConverter[] _custom;

    public PhpConverterCache(PhpSerializerOptions options)
    {
        Options = options;
        ClassMap = options.ClassMap;
        _custom = options.Converters.ToArray();
    }

    public PhpSerializerOptions Options { get; }

    public PhpClassMap ClassMap { get; }

    public PhpConverter<T> GetConverter<T>() => (PhpConverter<T>)GetConverter(typeof(T));

    public PhpConverter GetConverter(Type type)
    {
        if (_converters.TryGetValue(type, out var converter)) return converter;
        return _converters.GetOrAdd(type, Create(type));
    }

    private PhpConverter Create(Type type)
    {
        foreach (var custom in _custom)
        {
            if (!custom.CanConvert(type)) continue;
            if (custom.Type != type)
                throw new InvalidOperationException($"Converter {custom.GetType()} claims {type} but converts {custom.Type}.");
            return custom;
        }
        return PhpConverterFactory.Create(type, this);
    }
}
