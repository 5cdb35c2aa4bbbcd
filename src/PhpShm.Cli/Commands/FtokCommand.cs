using System.CommandLine;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm ftok PATH PROJ</c>: the key PHP's <c>ftok(PATH, PROJ)</c> returns.</summary>
internal static class FtokCommand
{
    public static Command Create(GlobalOptions g)
    {
        var path = new Argument<string>("PATH") { Description = "An existing file (PHP scripts often use __FILE__)" };
        var proj = new Argument<string>("PROJ") { Description = "Project id: one character, as PHP's ftok() takes" };
        var cmd = new Command("ftok", "Print the IPC key PHP's ftok(PATH, PROJ) gives (hex; --json adds decimal)") { path, proj };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, pr.GetValue(path)!, pr.GetValue(proj)!, pr.GetValue(g.Json))));
        return cmd;
    }

    private static int Run(Output o, string path, string proj, bool json)
    {
        if (proj.Length != 1 || proj[0] > 0xFF)
            throw CliException.BadInput($"PROJ must be a single one-byte character, as in PHP's ftok(), not '{proj}'");
        if (path.Length == 0) throw CliException.BadInput("PATH must not be empty");
        int key = Ftok.Compute(path, proj[0]);
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("path", path);
                w.WriteString("proj", proj);
                w.WriteNumber("key", key);
                w.WriteString("keyHex", KeyParser.Hex(key));
                w.WriteEndObject();
            });
        }
        else
        {
            o.Text.WriteLine(KeyParser.Hex(key));
        }
        return ExitCodes.Ok;
    }
}
