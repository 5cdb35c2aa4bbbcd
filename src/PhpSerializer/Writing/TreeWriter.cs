namespace PhpSerializer;

/// <summary>
/// Writes a <see cref="PhpValue"/> tree with PHP's value numbering (php_add_var_hash): one
/// counter, +1 for every value written; a repeated object is <c>r:n;</c> (still counted); a
/// repeated reference cell is <c>R:n;</c> (not counted); a reference to an object is keyed by
/// the object; equal enum cases are the same object; a <c>C:</c> payload's values are counted.
/// Iterative: deep trees cannot overflow the stack (the writer's depth limit applies).
/// </summary>
internal static class TreeWriter
{
    private readonly struct Frame(PhpValue container, bool inSharedArray)
    {
        public readonly PhpValue Container = container;
        public readonly int Count = container is PhpArray a ? a.Count : ((PhpObject)container).Count;
        // PHP's in_rcn_array: inside an array held in more than one place (below the root), or
        // inside an object.
        public readonly bool InSharedArray = inSharedArray;
    }

    // Per-call bookkeeping (identity map and the two frame stacks) reused per thread, like
    // TreeBuilder's lists. Taken out of the slot while in use, so a nested or re-entrant
    // Write on the same thread gets fresh ones; lost (not returned) when a write throws.
    private sealed class Scratch
    {
        public readonly List<Frame> Stack = new();
        public readonly List<int> Indexes = new();
        public Dictionary<object, long>? Identities;
    }

    private const int MaxRetainedIdentities = 32; // Clear() costs the capacity: do not keep big maps
    private const int MaxRetainedFrames = 256;

    [ThreadStatic] private static Scratch? t_scratch;

    private static Scratch RentScratch()
    {
        Scratch? scratch = t_scratch;
        if (scratch is null) return new Scratch();
        t_scratch = null;
        return scratch;
    }

    private static void ReturnScratch(Scratch scratch)
    {
        scratch.Stack.Clear();
        scratch.Indexes.Clear();
        if (scratch.Stack.Capacity > MaxRetainedFrames) return;
        if (scratch.Identities is { } ids)
        {
            if (ids.Count > MaxRetainedIdentities) scratch.Identities = null;
            else ids.Clear();
        }
        t_scratch = scratch;
    }

    public static void Write(PhpSerializedWriter writer, PhpValue root, PhpSerializerOptions? options)
    {
        long counter = 0;
        Scratch scratch = RentScratch();
        var identities = scratch.Identities ??= new Dictionary<object, long>(PhpIdentityComparer.Instance);
        Write(writer, root, options ?? PhpSerializerOptions.Default, ref counter, identities, scratch, wholeValue: true);
        ReturnScratch(scratch);
    }

    /// <summary>
    /// Writes <paramref name="root"/> continuing an existing numbering: <paramref name="counterRef"/>
    /// is the number of the last value written so far (updated when the tree is written) and
    /// <paramref name="identities"/> maps the objects and &amp; cells already written to their
    /// numbers (it must use <see cref="PhpIdentityComparer"/>). The mapper uses this for value-model
    /// trees inside a mapped .NET graph. The refcount-1 rule for references looks at
    /// <paramref name="root"/>'s tree only.
    /// </summary>
    internal static void Write(PhpSerializedWriter writer, PhpValue root, PhpSerializerOptions options, ref long counterRef, Dictionary<object, long> identities)
    {
        Scratch scratch = RentScratch();
        Write(writer, root, options, ref counterRef, identities, scratch, wholeValue: false);
        ReturnScratch(scratch);
    }

    // wholeValue: root is everything being written, so how many places hold a reference is known
    // from root's tree alone; otherwise (a part of a mapped graph) a reference may be held
    // elsewhere too, so it is numbered on its first occurrence.
    private static void Write(PhpSerializedWriter writer, PhpValue root, PhpSerializerOptions options, ref long counterRef, Dictionary<object, long> identities, Scratch scratch, bool wholeValue)
    {
        var stack = scratch.Stack;
        var indexes = scratch.Indexes;
        long counter = counterRef; // a local: the WriteValue local function cannot capture a ref parameter
        Dictionary<PhpValue, int>? holders = null;
        // A root array that a reference inside it holds is written twice (once as the root, once
        // through the reference). PHP does not number an object held in one place only outside a
        // shared array, so such an object is written in full both times; that matters only here.
        bool rootWrittenTwice = wholeValue && root is PhpArray && HoldsRoot(holders = CountHolders(root), root);

        WriteValue(root);
        while (stack.Count > 0)
        {
            int top = stack.Count - 1;
            Frame frame = stack[top];
            int index = indexes[top];
            if (index == frame.Count)
            {
                if (frame.Container is PhpArray) writer.WriteEndArray();
                else writer.WriteEndObject();
                stack.RemoveAt(top);
                indexes.RemoveAt(top);
                continue;
            }
            indexes[top] = index + 1;
            if (frame.Container is PhpArray array)
            {
                ref readonly var entry = ref array.EntryAt(index);
                writer.WriteKey(entry.Key);
                WriteValue(entry.Value);
            }
            else
            {
                ref readonly var property = ref ((PhpObject)frame.Container).EntryAt(index);
                writer.WriteKey(property.Key);
                WriteValue(property.Value);
            }
        }
        counterRef = counter;

        void WriteValue(PhpValue value)
        {
            counter++;
            PhpReference? through = null;
            if (value is PhpReference reference)
            {
                // PHP dereferences a reference held in one place only (refcount 1) before writing:
                // it is written as its plain value (a lone reference to a written object is r:n).
                if (wholeValue && (holders ??= CountHolders(root)).GetValueOrDefault(reference) < 2) value = reference.Value;
                else
                {
                    // A reference to an object is keyed by the object.
                    object key = IsObjectLike(reference.Value) ? reference.Value : reference;
                    if (identities.TryGetValue(key, out long slot))
                    {
                        if (key != (object)reference && (holders ??= CountHolders(root)).GetValueOrDefault(reference) < 2)
                        {
                            writer.WriteObjectReference(slot);
                            return;
                        }
                        counter--; // references are counted once
                        writer.WriteValueReference(slot);
                        return;
                    }
                    identities.Add(key, counter);
                    value = reference.Value;
                    through = reference;
                }
            }
            if (through is null && IsObjectLike(value))
            {
                if (identities.TryGetValue(value, out long slot))
                {
                    writer.WriteObjectReference(slot);
                    return;
                }
                if (!rootWrittenTwice || value is PhpEnumCase || (stack.Count > 0 && stack[^1].InSharedArray) || holders!.GetValueOrDefault(value) > 1)
                    identities.Add(value, counter);
            }

            // PHP writes an array that is already being written as N; (its recursion guard), unless
            // it is reached through a shared reference; the root array is not guarded, except
            // against being its own element.
            if (through is null && value is PhpArray nested && IsOpen(nested, stack))
            {
                writer.WriteNull();
                return;
            }

            if (writer.TryWriteScalar(value)) return;
            switch (value)
            {
                case PhpSerializableObject c:
                    writer.WriteSerializable(c.ClassNameBytes, c.Payload);
                    counter += c.GetPayloadSlotCount(options);
                    break;
                case PhpArray a:
                    writer.WriteStartArray(a.Count);
                    stack.Add(new Frame(a, rootWrittenTwice && stack.Count > 0 && (stack[^1].InSharedArray || holders!.GetValueOrDefault(a) > 1)));
                    indexes.Add(0);
                    break;
                case PhpObject o:
                    writer.WriteStartObject(o.ClassNameBytes, o.Count);
                    // PHP holds an object's property table a second time while it writes it, so
                    // objects among the properties are always numbered.
                    stack.Add(new Frame(o, true));
                    indexes.Add(0);
                    break;
                default:
                    // Every kind is a scalar, a C: object, an array, an object or a dereferenced reference.
                    throw new System.Diagnostics.UnreachableException();
            }
        }
    }

    /// <summary>True when <paramref name="array"/> is open in <paramref name="stack"/> and guarded: the innermost container, or any open container but the root.</summary>
    private static bool IsOpen(PhpArray array, List<Frame> stack)
    {
        if (stack.Count == 0) return false;
        if (ReferenceEquals(stack[^1].Container, array)) return true;
        for (int i = 1; i < stack.Count; i++)
        {
            if (ReferenceEquals(stack[i].Container, array)) return true;
        }
        return false;
    }

    /// <summary>
    /// How many places of the tree hold each reference cell, array and object (PHP's refcounts;
    /// the root counts as held once, by the caller). Each container instance counts its elements
    /// once: one instance in several places is one PHP array shared copy-on-write.
    /// </summary>
    private static Dictionary<PhpValue, int> CountHolders(PhpValue root)
    {
        var counts = new Dictionary<PhpValue, int>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<PhpValue>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            PhpValue value = pending.Pop();
            if (value is not (PhpReference or PhpArray or PhpObject or PhpSerializableObject)) continue;
            int n = counts.GetValueOrDefault(value) + 1;
            if (n == 1 && value is PhpReference hidden) n += hidden.UnwrittenHolders;
            counts[value] = n;
            if (n > 1 + (value is PhpReference h ? h.UnwrittenHolders : 0)) continue;
            switch (value)
            {
                case PhpReference r:
                    pending.Push(r.Value);
                    break;
                case PhpArray a:
                    foreach (var e in a) pending.Push(e.Value);
                    break;
                case PhpObject o:
                    foreach (var p in o.Properties) pending.Push(p.Value);
                    break;
            }
        }
        return counts;
    }

    private static bool HoldsRoot(Dictionary<PhpValue, int> holders, PhpValue root)
    {
        foreach (PhpValue v in holders.Keys)
        {
            if (v is PhpReference r && ReferenceEquals(r.Value, root)) return true;
        }
        return false;
    }

    private static bool IsObjectLike(PhpValue v) => v is PhpObject or PhpEnumCase or PhpSerializableObject;
}
