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
    // Objects written so far -> their value number (for r:n). The first one is kept in fields, so a
    // graph with a single object (a typical record) needs no dictionary.
    private object? _firstIdentity;
    private long _firstSlot;
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
            if (TryGetSlot(identity, out long slot))
            {
                writer.WriteObjectReference(slot);
                return;
            }
            AddIdentity(identity, _counter);
        }
        converter.Write(writer, value, this);
    }

    /// <summary>
    /// Writes a value-model tree inside the mapped graph, continuing this call's numbering (shared
    /// with <see cref="TreeWriter"/>). Limitation: PHP's refcount-1 rule for &amp; cells is
    /// judged per tree, so one <see cref="PhpReference"/> held by two separate value-model members
    /// and pointing to an object written earlier is written <c>r:</c> where PHP writes <c>R:</c>.
    /// </summary>
    internal void WritePhpValue(PhpSerializedWriter writer, PhpValue value)
        => TreeWriter.Write(writer, value, Options, ref _counter, Identities());

    private bool TryGetSlot(object identity, out long slot)
    {
        if (_ids is not null) return _ids.TryGetValue(identity, out slot);
        slot = _firstSlot;
        return _firstIdentity is not null && PhpIdentityComparer.Instance.Equals(_firstIdentity, identity);
    }

    private void AddIdentity(object identity, long slot)
    {
        if (_ids is null && _firstIdentity is null)
        {
            _firstIdentity = identity;
            _firstSlot = slot;
            return;
        }
        Identities().Add(identity, slot);
    }

    // The full map (the value-tree serializer shares it); from then on the fields are unused.
    private Dictionary<object, long> Identities()
    {
        if (_ids is null)
        {
            _ids = new Dictionary<object, long>(PhpIdentityComparer.Instance);
            if (_firstIdentity is not null) _ids.Add(_firstIdentity, _firstSlot);
            _firstIdentity = null;
        }
        return _ids;
    }
}
