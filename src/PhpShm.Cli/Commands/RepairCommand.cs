using System.CommandLine;
using System.Globalization;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm repair KEY</c>: saves the segment's image, then writes every intact variable back
/// in PHP's layout (the library's <see cref="PhpShmRepair"/>); a valid segment is left as it is.
/// </summary>
internal static class RepairCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var image = new Option<string?>("--image") { Description = "Where to save the segment's image first (default: phpshm-KEY-TIME.img in the current directory; never overwritten)" };
        var lockKey = GlobalOptions.LockOption();
        var cmd = new Command("repair", "Save a damaged sysvshm segment's image, then keep every intact variable in a valid PHP layout") { key, image, lockKey };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(image), pr.GetValue(lockKey), pr.GetValue(g.Json))));
        return cmd;
    }

    private static int Run(Output o, int key, string? imagePath, string? lockKey, bool json)
    {
        imagePath ??= Path.GetFullPath($"phpshm-{KeyParser.Hex(key)}-{DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.img");
        PhpShmRepairReport r;
        try
        {
            r = PhpShmRepair.Repair(key, new PhpShmRepairOptions
            {
                ImagePath = imagePath,
                LockKey = lockKey is null ? null : KeyParser.ParseObjectKey(lockKey),
                SegmentOptions = Segments.Options,
            });
        }
        catch (PhpIpcNotFoundException)
        {
            throw CliException.NotFound($"no shared memory segment with key {KeyParser.Hex(key)}");
        }
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("key", key);
                w.WriteString("keyHex", KeyParser.Hex(key));
                w.WriteString("image", r.ImagePath);
                w.WriteBoolean("wasValid", r.WasValid);
                w.WriteBoolean("rewritten", r.Rewritten);
                w.WriteStartArray("problems");
                foreach (PhpShmProblem p in r.Problems) w.WriteStringValue(p.ToString());
                w.WriteEndArray();
                WriteVars(w, "kept", r.Kept);
                WriteVars(w, "duplicates", r.Duplicates);
                w.WriteStartArray("lostRanges");
                foreach ((int from, int to) in r.UnreadableRanges)
                {
                    w.WriteStartObject();
                    w.WriteNumber("from", from);
                    w.WriteNumber("to", to);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("lostBytes", r.UnreadableBytes);
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }
        o.Text.WriteLine($"image saved to {r.ImagePath}");
        if (r.WasValid)
        {
            o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OK: segment {KeyParser.Hex(key)} is valid ({r.Kept.Count} variable(s)); nothing changed"));
            return ExitCodes.Ok;
        }
        foreach (PhpShmProblem p in r.Problems) o.Text.WriteLine($"was: {p}");
        o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"repaired: kept {r.Kept.Count} variable(s) [{string.Join(", ", r.Kept.Select(v => v.Key))}]; lost {r.UnreadableBytes} byte(s) in {r.UnreadableRanges.Count} range(s) that held no intact variable"));
        foreach ((int from, int to) in r.UnreadableRanges) o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lost: bytes {from}..{to}"));
        foreach (PhpShmSalvagedVariable v in r.Kept.Where(v => v.Suspect))
            o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"suspect: variable {v.Key} ({v.Length} bytes) ends where the damage begins; its framing is intact but its middle may be from before the crash"));
        foreach (PhpShmSalvagedVariable d in r.Duplicates)
            o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"left out: another copy of variable {d.Key} at offset {d.Offset} ({d.Length} bytes); PHP reads the first"));
        return ExitCodes.Ok;
    }

    private static void WriteVars(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<PhpShmSalvagedVariable> vars)
    {
        w.WriteStartArray(name);
        foreach (PhpShmSalvagedVariable v in vars)
        {
            w.WriteStartObject();
            w.WriteNumber("var", v.Key);
            w.WriteNumber("length", v.Length);
            w.WriteNumber("offset", v.Offset);
            w.WriteBoolean("suspect", v.Suspect);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
