using System.CommandLine;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm destroy KEY</c>: <c>shm_remove</c> (IPC_RMID; freed after the last detach).</summary>
internal static class DestroyCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var cmd = new Command("destroy", "Remove a shared memory segment (shm_remove: gone once the last process detaches)") { key };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            using var segment = Segments.OpenExisting(k, readOnly: true);
            segment.Destroy();
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
