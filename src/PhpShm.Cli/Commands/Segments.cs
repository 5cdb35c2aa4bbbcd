using PhpSerializer;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>Opening segments and decoding their variables, with phpshm's error wording.</summary>
internal static class Segments
{
    /// <summary>How segments are opened (<c>--layout</c>); set once per run before the command.</summary>
    public static PhpSharedMemoryOptions Options { get; set; } = PhpSharedMemoryOptions.Default;

    /// <summary>"; 32-bit layout" for a 32-bit segment (64-bit output stays as it was).</summary>
    public static string LayoutNote(PhpShmLayout layout) => layout == PhpShmLayout.Php32 ? "; 32-bit layout" : "";

    /// <summary>The layout's name for JSON output: <c>64-bit</c> or <c>32-bit</c>.</summary>
    public static string LayoutName(PhpShmLayout layout) => layout == PhpShmLayout.Php32 ? "32-bit" : "64-bit";

    /// <summary>Opens an existing segment (never creates); a missing one is exit 1.</summary>
    public static PhpSharedMemory OpenExisting(int key, bool readOnly)
    {
        try
        {
            return PhpSharedMemory.Open(key, readOnly, Options);
        }
        catch (PhpIpcNotFoundException)
        {
            throw CliException.NotFound($"no shared memory segment with key {KeyParser.Hex(key)}");
        }
    }

    /// <summary>A variable as stored: its bytes and the decoded value, or the decoding error.</summary>
    internal sealed record Variable(long Key, byte[] Data, PhpValue? Value, PhpSerializationException? Error);

    /// <summary>Every variable in segment order, from one validated pass over the segment.</summary>
    public static List<Variable> ReadAll(PhpSharedMemory segment)
    {
        IReadOnlyList<KeyValuePair<long, byte[]>> raw = segment.ReadAllRaw();
        var list = new List<Variable>(raw.Count);
        foreach (var (k, data) in raw) list.Add(Decode(k, data));
        return list;
    }

    public static Variable Decode(long key, byte[] data)
    {
        try
        {
            // As shm_get_var: trailing bytes inside the stored length are ignored.
            return new Variable(key, data, PhpSerialization.Unserialize(data), null);
        }
        catch (PhpSerializationException e)
        {
            return new Variable(key, data, null, e);
        }
    }

    /// <summary>Reads one variable; exit 1 when absent, exit 3 when its bytes are not serialize() data.</summary>
    public static PhpValue ReadValue(PhpSharedMemory segment, long varKey)
    {
        byte[] data = segment.GetRaw(varKey)
            ?? throw CliException.NotFound($"no variable {varKey} in shared memory segment {KeyParser.Hex(segment.Key)}");
        Variable v = Decode(varKey, data);
        if (v.Error is not null)
            throw CliException.Corrupt($"variable {varKey} in segment {KeyParser.Hex(segment.Key)} is corrupt ({data.Length} bytes): {v.Error.Message}", v.Error);
        return v.Value!;
    }
}
