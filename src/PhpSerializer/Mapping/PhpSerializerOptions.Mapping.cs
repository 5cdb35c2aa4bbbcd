using System.Collections.ObjectModel;

namespace PhpSerializer;

/// <summary>Object-mapping part of the options: class map, converters, naming.</summary>
public sealed partial class PhpSerializerOptions
{
    private readonly object _mappingLock = new();
    private PhpClassMap? _classMap;
    private ConverterList? _converters;
    private PhpNamingPolicy? _namingPolicy;
    private bool _throwOnUnknownProperties;
    private volatile PhpConverterCache? _converterCache;

    /// <summary>
    /// The explicit PHP class name -> .NET type map used by object mapping. Only types in this map
    /// (or the exact type asked for) are ever created from input.
    /// </summary>
    public PhpClassMap ClassMap
    {
        get
        {
            if (_classMap is null)
            {
                lock (_mappingLock) _classMap ??= new PhpClassMap(this);
            }
            return _classMap;
        }
    }

    /// <summary>Custom converters, consulted in order before the built-in ones.</summary>
    public IList<PhpConverter> Converters
    {
        get
        {
            if (_converters is null)
            {
                lock (_mappingLock) _converters ??= new ConverterList(this);
            }
            return _converters;
        }
    }

    /// <summary>Naming policy for PHP property names of members without an explicit <see cref="PhpPropertyAttribute.Name"/> (default: the .NET name unchanged).</summary>
    public PhpNamingPolicy? PropertyNamingPolicy
    {
        get => _namingPolicy;
        set
        {
            ThrowIfInUse();
            _namingPolicy = value;
        }
    }

    /// <summary>When true, a PHP property with no matching .NET member is an error; when false (default) it is ignored, like a dynamic property.</summary>
    public bool ThrowOnUnknownProperties
    {
        get => _throwOnUnknownProperties;
        set
        {
            ThrowIfInUse();
            _throwOnUnknownProperties = value;
        }
    }

    /// <summary>Registers <typeparamref name="T"/> in <see cref="ClassMap"/> under its <see cref="PhpClassAttribute"/>/<see cref="PhpEnumAttribute"/> name.</summary>
    public PhpSerializerOptions RegisterClass<T>()
    {
        ClassMap.Add<T>();
        return this;
    }

    /// <summary>Registers <typeparamref name="T"/> in <see cref="ClassMap"/> as PHP class <paramref name="phpClassName"/>.</summary>
    public PhpSerializerOptions RegisterClass<T>(string phpClassName)
    {
        ClassMap.Add<T>(phpClassName);
        return this;
    }

    /// <summary>The converter the options use for <paramref name="type"/> (resolved once and cached; freezes the mapping configuration).</summary>
    public PhpConverter GetConverter(Type type) => GetConverterCache().GetConverter(type ?? throw new ArgumentNullException(nameof(type)));

    internal PhpConverterCache GetConverterCache()
    {
        var cache = _converterCache;
        if (cache is not null) return cache;
        lock (_mappingLock)
        {
            _classMap ??= new PhpClassMap(this);
            return _converterCache ??= new PhpConverterCache(this);
        }
    }

    internal void ThrowIfInUse()
    {
        if (_converterCache is not null)
            throw new InvalidOperationException("These PhpSerializerOptions have already been used for object mapping; configure class map, converters and naming before the first use.");
    }

    private sealed class ConverterList(PhpSerializerOptions owner) : Collection<PhpConverter>
    {
        protected override void InsertItem(int index, PhpConverter item)
        {
            ArgumentNullException.ThrowIfNull(item);
            owner.ThrowIfInUse();
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, PhpConverter item)
        {
            ArgumentNullException.ThrowIfNull(item);
            owner.ThrowIfInUse();
            base.SetItem(index, item);
        }

        protected override void RemoveItem(int index)
        {
            owner.ThrowIfInUse();
            base.RemoveItem(index);
        }

        protected override void ClearItems()
        {
            owner.ThrowIfInUse();
            base.ClearItems();
        }
    }
}
