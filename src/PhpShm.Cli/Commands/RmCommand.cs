using System.CommandLine;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm rm KEY VAR</c>: <c>shm_remove_var</c>.</summary>
internal static class RmCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var var = GlobalOptions.VarArgument();
        var lockKey = GlobalOptions.LockOption();
        var cmd = new Command("rm", "Remove one variable from a sysvshm segment (shm_remove_var)") { key, var, lockKey };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            long v = KeyParser.ParseVarKey(pr.GetValue(var)!);
            using var held = GlobalOptions.TakeLock(pr.GetValue(lockKey));
            using var segment = Segments.OpenExisting(k, readOnly: false);
            if (!segment.Remove(v)) throw CliException.NotFound($"no variable {v} in shared memory segment {KeyParser.Hex(k)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
