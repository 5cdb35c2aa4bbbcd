using System.Buffers;
using System.CommandLine;
using PhpSerializer;
using PhpShm.Cli.Values;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm get KEY VAR [--format json|php|serialized]</c>: one variable, read-only.</summary>
internal static class GetCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var var = GlobalOptions.VarArgument();
        var format = new Option<string>("--format", "-f")
        {
            Description = "json: the value as JSON; php: like var_dump(); serialized: the value re-serialized by the library (PHP serialize() bytes)",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "php", "serialized");
        var cmd = new Command("get", "Print one variable of a sysvshm segment (read-only attach)") { key, var, format };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o,
            KeyParser.ParseObjectKey(pr.GetValue(key)!), KeyParser.ParseVarKey(pr.GetValue(var)!),
            pr.GetValue(g.Json) ? "json" : pr.GetValue(format)!)));
        return cmd;
    }

    private static int Run(Output o, int key, long varKey, string format)
    {
        PhpValue value;
        using (var segment = Segments.OpenExisting(key, readOnly: true))
        {
            value = Segments.ReadValue(segment, varKey);
        }
        WriteValue(o, value, format);
        return ExitCodes.Ok;
    }

    /// <summary>Writes a value in one of the value formats (shared with <c>msg recv</c>).</summary>
    public static void WriteValue(Output o, PhpValue value, string format)
    {
        switch (format)
        {
            case "serialized":
                o.WriteBytes(PhpSerialization.Serialize(value));
                break;
            case "php":
            {
                var buffer = new ArrayBufferWriter<byte>(256);
                VarDumpWriter.Write(buffer, value);
                o.WriteBytes(buffer.WrittenSpan);
                break;
            }
            default:
                o.WriteJson(w => PhpValueJson.Write(w, value));
                break;
        }
    }
}
