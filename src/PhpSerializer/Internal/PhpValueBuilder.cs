namespace PhpSerializer;

/// <summary>
/// Builds a <see cref="PhpValue"/> tree from a <see cref="PhpSerializedReader"/> the way PHP's
/// unserialize() does: every numbered value's <em>location</em> (container + position) is kept,
/// so <c>r:n;</c> yields the same <see cref="PhpObject"/> instance and <c>R:n;</c> turns the
/// location into a shared <see cref="PhpReference"/> cell; duplicate keys replace in place.
/// Iterative, so nesting depth is bounded only by the reader's depth limit.
/// </summary>
internal static class PhpValueBuilder
{
    // Container == null: the root; Container == PayloadMarker: a value inside a C: payload (opaque).
    private readonly record struct Slot(PhpValue? Container, int Index);

    private static readonly PhpValue PayloadMarker = new PhpReference(PhpNull.Instance);
    private static readonly byte[] IncompleteClass = "__PHP_Incomplete_Class"u8.ToArray();
    private static readonly PhpArrayKey IncompleteClassName = PhpArrayKey.RawString("__PHP_Incomplete_Class_Name"u8);

    // Pre-size containers only a little: the reader checks each count against the remaining
    // input, but nested containers all claim the same remaining bytes, so sizing every level
    // for its claim would let a small input allocate (depth x claim) entries up front.
    private const int MaxInitialCapacity = 16;

    // Bookkeeping lists reused per thread, so a call allocates only the values it returns
    // (shm Get of an int allocates just the PhpInt). Taken out while in use, so a nested call
    // would get fresh ones; large ones are dropped rather than kept alive per thread.
    [ThreadStatic] private static List<Slot>? t_slots;
    [ThreadStatic] private static List<PhpValue>? t_stack;

    public static PhpValue Build(ref PhpSerializedReader reader)
    {
        List<Slot> slots = t_slots ?? new List<Slot>();
        List<PhpValue> stack = t_stack ?? new List<PhpValue>();
        t_slots = null;
        t_stack = null;
        try
        {
            return Build(ref reader, slots, stack);
        }
        finally
        {
            slots.Clear();
            stack.Clear();
            if (slots.Capacity <= 4096) t_slots = slots;
            if (stack.Capacity <= 256) t_stack = stack;
        }
    }

    private static PhpValue Build(ref PhpSerializedReader reader, List<Slot> slots, List<PhpValue> stack)
    {
        PhpValue? root = null;
        PhpArrayKey key = default;
        // For each open object: the index of the first slot after its own; only slots from there
        // on can point into it (keeps the incomplete-class fix-up linear, not O(all slots)).
        List<int>? objectSlotStarts = null;

        while (reader.Read())
        {
            PhpValue value;
            switch (reader.TokenType)
            {
                case PhpTokenType.IntKey:
                    key = PhpArrayKey.FromInt(reader.GetInt64());
                    continue;
                case PhpTokenType.StringKey:
                    {
                        // Arrays normalise "5" to 5 (PHP's symtable); property names stay as written.
                        if (stack[^1] is PhpArray && !reader.ValueIsEscaped && PhpArrayKey.TryParseCanonicalInt(reader.ValueSpan, out long n)) key = PhpArrayKey.FromInt(n);
                        else
                        {
                            byte[] bytes = reader.GetBytes();
                            key = stack[^1] is PhpArray ? PhpArrayKey.FromOwnedString(bytes) : PhpArrayKey.OwnedString(bytes);
                        }
                        continue;
                    }
                case PhpTokenType.EndArray:
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                case PhpTokenType.EndObject:
                    FixIncompleteClass((PhpObject)stack[^1], slots, objectSlotStarts![^1]);
                    objectSlotStarts.RemoveAt(objectSlotStarts.Count - 1);
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                case PhpTokenType.Null:
                    value = PhpNull.Instance;
                    break;
                case PhpTokenType.Bool:
                    value = PhpBool.From(reader.GetBoolean());
                    break;
                case PhpTokenType.Int:
                    value = PhpInt.From(reader.GetInt64()); // small values shared, like PhpBool/PhpNull
                    break;
                case PhpTokenType.Float:
                    value = new PhpFloat(reader.GetDouble());
                    break;
                case PhpTokenType.String:
                    value = PhpString.FromOwnedBytes(reader.GetBytes());
                    break;
                case PhpTokenType.EnumCase:
                    value = new PhpEnumCase(reader.ValueSpan);
                    break;
                case PhpTokenType.Serializable:
                    value = new PhpSerializableObject(reader.ClassNameSpan.ToArray(), reader.ValueSpan.ToArray());
                    break;
                case PhpTokenType.StartArray:
                    value = new PhpArray(Math.Min(reader.ElementCount, MaxInitialCapacity));
                    break;
                case PhpTokenType.StartObject:
                    value = new PhpObject(reader.ClassNameSpan.ToArray(), Math.Min(reader.ElementCount, MaxInitialCapacity));
                    break;
                case PhpTokenType.ObjectReference:
                    value = ResolveObject(ref reader, slots, root, stack, key);
                    break;
                case PhpTokenType.ValueReference:
                    value = ResolveReference(ref reader, slots, root, stack, key);
                    break;
                default:
                    throw new PhpSerializationException($"Unexpected token {reader.TokenType}", reader.TokenStartIndex);
            }

            Slot location;
            if (stack.Count == 0)
            {
                root = value;
                location = new Slot(null, 0);
            }
            else
            {
                PhpValue container = stack[^1];
                int index = container is PhpArray a ? a.Put(key, value) : ((PhpObject)container).Put(key, value);
                location = new Slot(container, index);
            }
            if (reader.SlotNumber != 0) slots.Add(location);
            if (reader.TokenType == PhpTokenType.Serializable)
            {
                for (long i = 0; i < reader.PayloadSlotCount; i++) slots.Add(new Slot(PayloadMarker, 0));
            }
            if (reader.TokenType is PhpTokenType.StartArray or PhpTokenType.StartObject) stack.Add(value);
            if (reader.TokenType == PhpTokenType.StartObject) (objectSlotStarts ??= new List<int>()).Add(slots.Count);
        }
        return root ?? throw new PhpSerializationException("No value", 0);
    }

    private static PhpValue ValueAt(Slot slot, PhpValue? root) => slot.Container switch
    {
        null => root!,
        PhpArray a => a.EntryAt(slot.Index).Value,
        PhpObject o => o.EntryAt(slot.Index).Value,
        _ => throw new InvalidOperationException(),
    };

    private static Slot Target(ref PhpSerializedReader reader, List<Slot> slots, List<PhpValue> stack, PhpArrayKey key, out bool isSelf)
    {
        Slot slot = slots[(int)(reader.ReferenceId - 1)];
        if (ReferenceEquals(slot.Container, PayloadMarker))
            throw new PhpSerializationException($"Reference {reader.ReferenceId} points into a Serializable (C:) payload, which this value model keeps as opaque bytes", reader.TokenStartIndex);
        // PHP rejects a reference to the very location being filled (possible with a duplicate key).
        isSelf = false;
        if (stack.Count > 0 && ReferenceEquals(slot.Container, stack[^1]))
        {
            int index = stack[^1] is PhpArray a ? a.IndexOfKey(key) : ((PhpObject)stack[^1]).IndexOfKey(key);
            isSelf = index == slot.Index;
        }
        return slot;
    }

    private static PhpValue ResolveObject(ref PhpSerializedReader reader, List<Slot> slots, PhpValue? root, List<PhpValue> stack, PhpArrayKey key)
    {
        Slot slot = Target(ref reader, slots, stack, key, out bool isSelf);
        PhpValue target = ValueAt(slot, root).Dereference();
        if (isSelf || target is not (PhpObject or PhpEnumCase or PhpSerializableObject))
            throw new PhpSerializationException($"r:{reader.ReferenceId}; must refer to an object, not {(isSelf ? "itself" : target.Kind.ToString())}", reader.TokenStartIndex);
        return target;
    }

    private static PhpValue ResolveReference(ref PhpSerializedReader reader, List<Slot> slots, PhpValue? root, List<PhpValue> stack, PhpArrayKey key)
    {
        Slot slot = Target(ref reader, slots, stack, key, out bool isSelf);
        if (isSelf) throw new PhpSerializationException($"R:{reader.ReferenceId}; refers to itself", reader.TokenStartIndex);
        if (slot.Container is null)
        {
            // The root value cannot become a reference cell; PHP 8.2 yields the object itself
            // for an object root and null for the (still open) root array.
            return root is PhpObject or PhpSerializableObject or PhpEnumCase ? root : PhpNull.Instance;
        }
        PhpValue current = ValueAt(slot, root);
        if (current is PhpReference existing) return existing;
        var cell = new PhpReference(current);
        if (slot.Container is PhpArray a) a.SetValueAt(slot.Index, cell);
        else ((PhpObject)slot.Container).SetValueAt(slot.Index, cell);
        return cell;
    }

    // PHP: an object of class __PHP_Incomplete_Class carrying __PHP_Incomplete_Class_Name is the
    // object of that class (serialize() writes it under that name, without the property).
    private static void FixIncompleteClass(PhpObject obj, List<Slot> slots, int firstSlot)
    {
        if (!obj.ClassNameBytes.SequenceEqual(IncompleteClass)) return;
        int index = obj.IndexOfKey(IncompleteClassName);
        if (index < 0 || obj.EntryAt(index).Value.Dereference() is not PhpString name || name.Length == 0) return;
        obj.SetClassName(name.ToArray());
        obj.RemoveAt(index);
        for (int i = firstSlot; i < slots.Count; i++)
        {
            Slot s = slots[i];
            if (!ReferenceEquals(s.Container, obj)) continue;
            if (s.Index == index) slots[i] = new Slot(PayloadMarker, 0);
            else if (s.Index > index) slots[i] = s with { Index = s.Index - 1 };
        }
    }
}
