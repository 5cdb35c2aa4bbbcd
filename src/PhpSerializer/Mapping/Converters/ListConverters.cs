namespace PhpSerializer;

/// <summary>Shared helpers for PHP list arrays (keys 0..n-1).</summary>
internal static class PhpListArray
{
    /// <summary>The array, which must be a list; otherwise a mismatch naming the first bad key.</summary>
    public static PhpArray Expect(PhpValue value, Type target, PhpReadContext context)
    {
        if (value is not PhpArray a) throw context.TypeMismatch(value, target);
        var entries = a.EntrySpan;
        for (int i = 0; i < entries.Length; i++)
        {
            var k = entries[i].Key;
            if (!k.IsInt || k.IntValue != i)
                throw context.Error($"PHP array is not a list (key {k} at position {i}) and cannot become {PhpReadContext.TypeName(target)}; use a dictionary");
        }
        return a;
    }
}

/// <summary>T[] &lt;-&gt; PHP list array.</summary>
internal sealed class ArrayConverter<TElement>(PhpConverterCache cache) : PhpConverter<TElement[]>
{
    private PhpConverter<TElement>? _element;

    private PhpConverter<TElement> Element => _element ??= cache.GetConverter<TElement>();

    public override void Write(PhpSerializedWriter writer, TElement[] value, PhpWriteContext context)
    {
        var element = Element;
        writer.WriteStartArray(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            writer.WriteKey(i);
            context.WriteValue(writer, value[i], element);
        }
        writer.WriteEndArray();
    }

    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, TElement[] value, int recursion, int openNonEmpty)
    {
        if (!writer.WriteArrayHeader(value.Length, recursion, openNonEmpty)) return false;
        var element = Element;
        for (int i = 0; i < value.Length; i++)
        {
            if (!writer.WriteInt(i) || !writer.WriteTyped(value[i], element, recursion + 1, openNonEmpty + 1)) return false;
        }
        return writer.WriteClose();
    }

    public override TElement[] Read(PhpValue value, PhpReadContext context)
    {
        var array = PhpListArray.Expect(value, typeof(TElement[]), context);
        var element = Element;
        var result = new TElement[array.Count];
        for (int i = 0; i < result.Length; i++)
        {
            context.EnterKey(i);
            result[i] = context.ReadValue(array.EntryAt(i).Value, element);
            context.Exit();
        }
        return result;
    }

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out TElement[] value)
    {
        value = null!;
        if (!parser.TryReadArrayStart(out int count) || parser.ReserveCapacity(count) != count) return false;
        var element = Element;
        var result = new TElement[count];
        for (int i = 0; i < result.Length; i++)
        {
            if (!parser.TryReadListKey(i) || !context.TryReadStreaming(ref parser, element, out result[i])) return false;
        }
        if (!parser.TryReadEnd(count)) return false;
        value = result;
        return true;
    }
}

/// <summary>
/// Any IEnumerable&lt;T&gt; (List, HashSet, interfaces, ...) &lt;-&gt; PHP list array. Reading creates
/// List&lt;T&gt; for list interfaces, HashSet&lt;T&gt; for set interfaces, or the concrete collection
/// type through its parameterless constructor.
/// </summary>
internal sealed class EnumerableConverter<TCollection, TElement>(PhpConverterCache cache, Func<ICollection<TElement>>? create) : PhpConverter<TCollection>
    where TCollection : IEnumerable<TElement>
{
    private PhpConverter<TElement>? _element;

    private PhpConverter<TElement> Element => _element ??= cache.GetConverter<TElement>();

    public override void Write(PhpSerializedWriter writer, TCollection value, PhpWriteContext context)
    {
        var element = Element;
        if (value is List<TElement> list)
        {
            writer.WriteStartArray(list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                writer.WriteKey(i);
                context.WriteValue(writer, list[i], element);
            }
            writer.WriteEndArray();
            return;
        }
        IEnumerable<TElement> items = value;
        int count = value switch
        {
            ICollection<TElement> c => c.Count,
            IReadOnlyCollection<TElement> c => c.Count,
            _ => -1,
        };
        if (count < 0)
        {
            var buffered = new List<TElement>(value);
            items = buffered;
            count = buffered.Count;
        }
        writer.WriteStartArray(count);
        long index = 0;
        foreach (var item in items)
        {
            if (index == count) throw new InvalidOperationException("The collection changed while it was being serialized.");
            writer.WriteKey(index++);
            context.WriteValue(writer, item, element);
        }
        writer.WriteEndArray();
    }

    // Lists, and collections whose count is known up front (others: the general path buffers them).
    internal override bool TryWriteFast(ref FastTreeWriter.SpanWriter writer, TCollection value, int recursion, int openNonEmpty)
    {
        var element = Element;
        if (value is List<TElement> list)
        {
            int n = list.Count;
            if (!writer.WriteArrayHeader(n, recursion, openNonEmpty)) return false;
            for (int i = 0; i < n; i++)
            {
                if (list.Count != n) return writer.NotHandled(); // changed meanwhile: the general path reports it
                if (!writer.WriteInt(i) || !writer.WriteTyped(list[i], element, recursion + 1, openNonEmpty + 1)) return false;
            }
            return writer.WriteClose();
        }
        int count = value switch
        {
            ICollection<TElement> c => c.Count,
            IReadOnlyCollection<TElement> c => c.Count,
            _ => -1,
        };
        if (count < 0) return writer.NotHandled();
        if (!writer.WriteArrayHeader(count, recursion, openNonEmpty)) return false;
        int index = 0;
        foreach (var item in value)
        {
            if (index == count) return writer.NotHandled();
            if (!writer.WriteInt(index++) || !writer.WriteTyped(item, element, recursion + 1, openNonEmpty + 1)) return false;
        }
        return index == count ? writer.WriteClose() : writer.NotHandled();
    }

    public override TCollection Read(PhpValue value, PhpReadContext context)
    {
        if (create is null) throw context.Error($"Cannot create {PhpReadContext.TypeName(typeof(TCollection))} (no parameterless constructor); declare List<T>, T[] or an interface");
        var array = PhpListArray.Expect(value, typeof(TCollection), context);
        var element = Element;
        var result = create();
        for (int i = 0; i < array.Count; i++)
        {
            context.EnterKey(i);
            result.Add(context.ReadValue(array.EntryAt(i).Value, element));
            context.Exit();
        }
        return (TCollection)result;
    }

    internal override bool TryReadStreaming(ref FastTreeParser parser, PhpReadContext context, out TCollection value)
    {
        value = default!;
        if (create is null || !parser.TryReadArrayStart(out int count)) return false;
        var element = Element;
        var result = create();
        if (result is List<TElement> list) list.Capacity = parser.ReserveCapacity(count); // within the input's element budget
        for (int i = 0; i < count; i++)
        {
            if (!parser.TryReadListKey(i) || !context.TryReadStreaming(ref parser, element, out TElement item)) return false;
            result.Add(item);
        }
        if (!parser.TryReadEnd(count)) return false;
        value = (TCollection)result;
        return true;
    }
}
