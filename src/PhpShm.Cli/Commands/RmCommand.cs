using System.CommandLine;
using PhpShmCompat.Diagnostics;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm rm KEY VAR</c>: <c>shm_remove_var</c>. <c>phpshm rm --stale [KEY...]</c>: removes
/// the objects <c>ls --stale</c> lists (only those under the given keys, when keys are given),
/// after confirmation.
/// </summary>
internal static class RmCommand
{
    public static Command Create(GlobalOptions g)
    {
        var args = new Argument<string[]>("ARGS") { Description = "KEY VAR (remove one variable), or with --stale: optional KEYs to limit removal to", Arity = ArgumentArity.ZeroOrMore };
        var lockKey = GlobalOptions.LockOption();
        var stale = new Option<bool>("--stale") { Description = "Remove the segments, queues and semaphore sets whose creator and last users are gone (see ls --stale)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "With --stale: do not ask for confirmation" };
        var cmd = new Command("rm", "Remove one variable from a sysvshm segment (shm_remove_var), or stale IPC objects with --stale") { args, lockKey, stale, yes };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            string[] a = pr.GetValue(args) ?? [];
            if (pr.GetValue(stale)) return RemoveStale(o, a, pr.GetValue(yes), pr.GetValue(g.Json));
            if (a.Length != 2) throw CliException.BadInput("rm needs KEY and VAR (or --stale)");
            int k = KeyParser.ParseObjectKey(a[0]);
            long v = KeyParser.ParseVarKey(a[1]);
            using var held = GlobalOptions.TakeLock(pr.GetValue(lockKey));
            using var segment = Segments.OpenExisting(k, readOnly: false);
            if (!segment.Remove(v)) throw CliException.NotFound($"no variable {v} in shared memory segment {KeyParser.Hex(k)}");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static int RemoveStale(Output o, string[] keyTexts, bool yes, bool json)
    {
        HashSet<int>? only = keyTexts.Length == 0 ? null : keyTexts.Select(KeyParser.ParseObjectKey).ToHashSet();
        List<StaleObject> stale = StaleObjects.Find().Where(s => only is null || only.Contains(s.Key)).ToList();
        if (!json) StaleOutput.WriteTable(o, stale);
        if (stale.Count == 0) return ExitCodes.Ok;
        if (!yes)
        {
            // The question goes to stderr so stdout stays the table or the JSON document.
            o.Text.Flush();
            Console.Error.Write($"remove these {stale.Count} object(s)? [y/N] ");
            string? answer = Console.In.ReadLine();
            if (answer is null || !answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase) && !answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine("not removed");
                return ExitCodes.Ok;
            }
        }
        var removed = stale.Select(StaleObjects.Remove).ToList();
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("stale");
                for (int i = 0; i < stale.Count; i++) StaleOutput.WriteJsonItem(w, stale[i], removed[i]);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            o.Text.WriteLine($"removed {removed.Count(r => r)} of {stale.Count} object(s)");
        }
        return ExitCodes.Ok;
    }
}
