namespace PhpSerializer;

/// <summary>
/// Builds a <see cref="PhpValue"/> tree from a <see cref="PhpSerializedReader"/> the way PHP's
/// unserialize() does: every numbered value's <em>location</em> (container + position) is kept,
/// so <c>r:n;</c> yields the same <see cref="PhpObject"/> instance and <c>R:n;</c> turns the
/// location into a shared <see cref="PhpReference"/> cell; duplicate keys replace in place.
/// Iterative, so nesting depth is bounded only by the reader's depth limit.
/// </summary>
internal static class TreeBuilder
{
    // Container == null: the root; Container == PayloadMarker: a value inside a C: payload (opaque).
    private readonly record struct Slot(PhpValue? Container, int Index);

    // An open container and whether its keys follow the array rules (arrays, and the data of
    // classes with __unserialize) or are property names.
    private readonly record struct Frame(PhpValue Container, bool ArrayKeys);

    private static readonly PhpValue PayloadMarker = new PhpReference(PhpNull.Instance);
    private static byte[] IncompleteClass => PhpFormat.IncompleteClass;
    private static readonly PhpArrayKey IncompleteClassName = PhpArrayKey.RawString(PhpFormat.IncompleteClassNameProperty);

    // Pre-size containers only a little: the reader checks each count against the remaining
    // input, but nested containers all claim the same remaining bytes, so sizing every level
    // for its claim would let a small input allocate (depth x claim) entries up front.
    private const int MaxInitialCapacity = 16;

    // Bookkeeping lists reused per thread, so a call allocates only the values it returns
    // (shm Get of an int allocates just the PhpInt). Taken out while in use, so a nested call
    // would get fresh ones; large ones are dropped rather than kept alive per thread.
    [ThreadStatic] private static List<Slot>? t_slots;
    [ThreadStatic] private static List<Frame>? t_stack;

    public static PhpValue Build(ref PhpSerializedReader reader, PhpSerializerOptions options)
    {
        List<Slot> slots = t_slots ?? new List<Slot>();
        List<Frame> stack = t_stack ?? new List<Frame>();
        t_slots = null;
        t_stack = null;
        try
        {
            return Build(ref reader, options, slots, stack);
        }
        finally
        {
            slots.Clear();
            stack.Clear();
            if (slots.Capacity <= 4096) t_slots = slots;
            if (stack.Capacity <= 256) t_stack = stack;
        }
    }

    private static PhpValue Build(ref PhpSerializedReader reader, PhpSerializerOptions options, List<Slot> slots, List<Frame> stack)
    {
        PhpValue? root = null;
        PhpArrayKey key = default;
        // Objects PHP would hold as __PHP_Incomplete_Class; their names are settled at the end.
        List<PhpObject>? incomplete = null;
        // The cell every R: to the root value shares: PHP turns the root slot into a reference and
        // unwraps the root itself when it returns, so only those places hold the cell.
        PhpReference? rootCell = null;

        // Keys come only inside a container, so stack[^1] exists wherever a key is read.
        while (reader.Read())
        {
            PhpValue value;
            // Whether a container opened by this token has array keys: arrays always, objects when
            // their class is known to have __unserialize.
            bool opensWithArrayKeys = true;
            switch (reader.TokenType)
            {
                case PhpTokenType.IntKey:
                    // Property names are strings in PHP: i:5 names the property "5".
                    key = stack[^1].ArrayKeys ? PhpArrayKey.FromInt(reader.GetInt64()) : PhpArrayKey.OwnedString(DecimalBytes(reader.GetInt64()));
                    continue;
                case PhpTokenType.StringKey:
                    {
                        // Arrays normalise "5" to 5 (PHP's symtable); property names stay as written.
                        // The raw text of an escaped key has a backslash, never a canonical int,
                        // so checking it first only spares the copy of an unescaped "5".
                        bool arrayKeys = stack[^1].ArrayKeys;
                        if (arrayKeys && PhpArrayKey.TryParseCanonicalInt(reader.ValueSpan, out long n)) key = PhpArrayKey.FromInt(n);
                        else
                        {
                            byte[] bytes = reader.GetBytes();
                            key = arrayKeys ? PhpArrayKey.FromOwnedString(bytes) : PhpArrayKey.OwnedString(bytes);
                        }
                        continue;
                    }
                case PhpTokenType.EndArray:
                case PhpTokenType.EndObject:
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
                    {
                        ReadOnlySpan<byte> written = reader.ClassNameSpan;
                        PhpObject obj;
                        PhpKnownClass? known = options.KnownClasses.Find(written);
                        opensWithArrayKeys = known?.HasUnserialize == true;
                        if (known is not null)
                            obj = new PhpObject(known.NameBytes, Math.Min(reader.ElementCount, MaxInitialCapacity));
                        else
                        {
                            bool isExplicit = PhpClassMap.AsciiIgnoreCaseComparer.EqualBytes(written, IncompleteClass);
                            obj = new PhpObject(isExplicit ? IncompleteClass : written.ToArray(), Math.Min(reader.ElementCount, MaxInitialCapacity));
                            (incomplete ??= new()).Add(obj);
                        }
                        value = obj;
                        break;
                    }
                case PhpTokenType.ObjectReference:
                    value = ResolveObject(ref reader, slots, root, stack, key);
                    break;
                case PhpTokenType.ValueReference:
                    value = ResolveReference(ref reader, slots, root, stack, key, ref rootCell);
                    break;
                default:
                    // The reader yields only the tokens above.
                    throw new System.Diagnostics.UnreachableException();
            }

            Slot location;
            if (stack.Count == 0)
            {
                root = value;
                location = new Slot(null, 0);
            }
            else
            {
                PhpValue container = stack[^1].Container;
                int index = container is PhpArray a ? a.Put(key, value) : ((PhpObject)container).Put(key, value);
                location = new Slot(container, index);
            }
            if (reader.SlotNumber != 0) slots.Add(location);
            if (reader.TokenType == PhpTokenType.Serializable)
            {
                for (long i = 0; i < reader.PayloadSlotCount; i++) slots.Add(new Slot(PayloadMarker, 0));
            }
            if (reader.TokenType is PhpTokenType.StartArray or PhpTokenType.StartObject) stack.Add(new Frame(value, opensWithArrayKeys));
        }
        if (incomplete is not null)
        {
            foreach (PhpObject obj in incomplete) SettleIncompleteClass(obj);
        }
        // The reader ends only after one complete value (or throws), so the root was set.
        return root!;
    }

    private static byte[] DecimalBytes(long n) => System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static PhpValue ValueAt(Slot slot, PhpValue? root) => slot.Container switch
    {
        null => root!,
        PhpArray a => a.EntryAt(slot.Index).Value,
        PhpObject o => o.EntryAt(slot.Index).Value,
        _ => throw new InvalidOperationException(),
    };

    private static Slot Target(ref PhpSerializedReader reader, List<Slot> slots, List<Frame> stack, PhpArrayKey key, out bool isSelf)
    {
        Slot slot = slots[(int)(reader.ReferenceId - 1)];
        if (ReferenceEquals(slot.Container, PayloadMarker))
            throw new PhpSerializationException($"Reference {reader.ReferenceId} points into a Serializable (C:) payload, which this value model keeps as opaque bytes", reader.BytesConsumed);
        // PHP rejects a reference to the very location being filled (possible with a duplicate key).
        // A reference is never the root (the reader refuses one there), so a container is open.
        PhpValue container = stack[^1].Container;
        isSelf = false;
        if (ReferenceEquals(slot.Container, container))
        {
            int index = container is PhpArray a ? a.IndexOfKey(key) : ((PhpObject)container).IndexOfKey(key);
            isSelf = index == slot.Index;
        }
        return slot;
    }

    private static PhpValue ResolveObject(ref PhpSerializedReader reader, List<Slot> slots, PhpValue? root, List<Frame> stack, PhpArrayKey key)
    {
        Slot slot = Target(ref reader, slots, stack, key, out bool isSelf);
        PhpValue target = ValueAt(slot, root).Dereference();
        if (isSelf || target is not (PhpObject or PhpEnumCase or PhpSerializableObject))
            throw new PhpSerializationException($"r:{reader.ReferenceId}; must refer to an object, not {(isSelf ? "itself" : target.Kind.ToString())}", reader.BytesConsumed);
        return target;
    }

    private static PhpReference ResolveReference(ref PhpSerializedReader reader, List<Slot> slots, PhpValue? root, List<Frame> stack, PhpArrayKey key, ref PhpReference? rootCell)
    {
        Slot slot = Target(ref reader, slots, stack, key, out bool isSelf);
        if (isSelf) throw new PhpSerializationException($"R:{reader.ReferenceId}; refers to itself", reader.BytesConsumed);
        if (slot.Container is null) return rootCell ??= new PhpReference(root!);
        PhpValue current = ValueAt(slot, root);
        if (current is PhpReference existing) return existing;
        var cell = new PhpReference(current);
        if (slot.Container is PhpArray a) a.SetValueAt(slot.Index, cell);
        else ((PhpObject)slot.Container).SetValueAt(slot.Index, cell);
        return cell;
    }

    // What PHP's serialize() writes for an object it holds as __PHP_Incomplete_Class: the class
    // named by its __PHP_Incomplete_Class_Name property when that is a string (not a reference),
    // else "__PHP_Incomplete_Class", and the properties without that one. An object of a class
    // PHP does not know gets that property (its written name) first, so the data's own one
    // replaces it. Two cases differ from PHP on purpose, where PHP would lose data: a name it
    // could not read back (empty, or bytes a class name cannot have; FirstInvalidClassNameByte
    // is 0 for an empty name) is not copied, and an explicit __PHP_Incomplete_Class object without
    // that property keeps all its properties (PHP writes one fewer than it has).
    private static void SettleIncompleteClass(PhpObject obj)
    {
        int index = obj.IndexOfKey(IncompleteClassName);
        if (index >= 0)
        {
            byte[] name = obj.EntryAt(index).Value is PhpString s && PhpFormat.FirstInvalidClassNameByte(s.Span) < 0 ? s.ToArray() : IncompleteClass;
            obj.SetClassName(name);
            if (obj.EntryAt(index).Value is PhpReference cell) cell.UnwrittenHolders++; // PHP keeps the property, unwritten
            obj.RemoveAt(index);
        }
    }
}
