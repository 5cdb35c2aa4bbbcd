using System.CommandLine;
using PhpSerializer;
using PhpShm.Cli.Values;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm put KEY VAR</c>: stores the value from stdin like <c>shm_put_var</c>. The input is
/// parsed and validated before the segment is touched; what is stored is the library's
/// serialization of the parsed value.
/// </summary>
internal static class PutCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var var = GlobalOptions.VarArgument();
        var size = new Option<long>("--size") { Description = "Bytes of a segment this command creates (PHP's default 10000)", DefaultValueFactory = _ => PhpSharedMemory.DefaultSize };
        var mode = GlobalOptions.ModeOption("a segment");
        var format = new Option<string>("--format", "-f") { Description = "serialized: PHP serialize() bytes (validated); json: JSON mapped to PHP values", DefaultValueFactory = _ => "serialized" };
        format.AcceptOnlyFromAmong("serialized", "json");
        var lockKey = GlobalOptions.LockOption();
        var init = new Option<bool>("--init") { Description = "Initialise an existing segment that has no PHP_SM header (as shm_attach would); otherwise refused" };
        var cmd = new Command("put", "Store a value from stdin in a sysvshm segment (creates the segment if missing)") { key, var, size, mode, format, init, lockKey };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o,
            KeyParser.ParseObjectKey(pr.GetValue(key)!), KeyParser.ParseVarKey(pr.GetValue(var)!),
            pr.GetValue(size), GlobalOptions.ParseMode(pr.GetValue(mode)!), pr.GetValue(format)!, pr.GetValue(init), pr.GetValue(lockKey), pr.GetValue(g.Json))));
        return cmd;
    }

    private static int Run(Output o, int key, long varKey, long size, IpcPermissions mode, string format, bool init, string? lockKey, bool json)
    {
        int minimum = Segments.Options.Layout == PhpShmLayout.Php32 ? 24 : 40;
        if (size < minimum) throw CliException.BadInput($"--size {size} is too small: a sysvshm segment needs at least {minimum} bytes");

        // Everything is validated before the segment is opened: bad input never touches it.
        PhpValue value = InputValue.Parse(StdinReader.ReadAll(Console.OpenStandardInput()), format);
        byte[] serialized = PhpSerialization.Serialize(value);
        int storedLength;

        using (GlobalOptions.TakeLock(lockKey))
        using (PhpSharedMemory segment = OpenForWrite(key, size, mode, init))
        {
            // As a value, so a 32-bit segment gets what 32-bit PHP writes (ints beyond its range as floats).
            segment.Put(varKey, value);
            storedLength = segment.GetRaw(varKey)?.Length ?? serialized.Length;
        }
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("key", key);
                w.WriteString("keyHex", KeyParser.Hex(key));
                w.WriteNumber("var", varKey);
                w.WriteNumber("length", storedLength);
                w.WriteEndObject();
            });
        }
        return ExitCodes.Ok;
    }

    private static PhpSharedMemory OpenForWrite(int key, long size, IpcPermissions mode, bool init)
    {
        PhpSharedMemory segment;
        try
        {
            segment = PhpSharedMemory.Open(key, readOnly: false, Segments.Options);
        }
        catch (PhpIpcNotFoundException)
        {
            return PhpSharedMemory.Attach(key, size, mode, Segments.Options); // creates it, as shm_attach does
        }
        if (segment.HasPhpMagic) return segment;
        segment.Dispose();
        if (!init)
            throw CliException.Corrupt($"segment {KeyParser.Hex(key)} has no PHP_SM header (a raw or foreign segment); pass --init to initialise it as shm_attach would, losing its bytes");
        return PhpSharedMemory.Attach(key, size, mode, Segments.Options); // initialises the header, as shm_attach does
    }
}
