using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PhpShmCompat;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm grow KEY --size N</c>: copies every variable into a new, larger segment under the
/// same key (the library's <see cref="PhpShmGrow"/>), after showing who is attached. A second
/// phpshm process holds the old segment while it is replaced and puts it back if this one dies.
/// </summary>
internal static class GrowCommand
{
    /// <summary>The hidden command the holder runs.</summary>
    public const string HoldCommandName = "grow-hold";

    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var size = new Option<long>("--size") { Description = "The new size in bytes (larger than the current one)", Required = true };
        var lockKey = GlobalOptions.LockOption();
        var force = new Option<bool>("--force") { Description = "Grow even though processes are attached (they keep the old segment until they attach again)" };
        var cmd = new Command("grow", "Copy a sysvshm segment's variables into a new, larger segment under the same key") { key, size, lockKey, force };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(size),
            pr.GetValue(lockKey), pr.GetValue(force), pr.GetValue(g.Json))));
        return cmd;
    }

    /// <summary><c>grow-hold SHMID KEY</c>: attach the old segment, say so, wait for the grower; put the old one back if it died.</summary>
    public static Command CreateHold()
    {
        var id = new Argument<int>("SHMID");
        var key = GlobalOptions.KeyArgument();
        var pid = new Argument<int>("GROWER_PID");
        var cmd = new Command(HoldCommandName, "Internal: holds a segment while grow replaces it") { id, key, pid };
        cmd.Hidden = true;
        cmd.SetAction(pr => Hold(pr.GetValue(id), KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(pid)));
        return cmd;
    }

    private static int Run(Output o, int key, long newSize, string? lockKey, bool force, bool json)
    {
        PhpShmSegmentInfo info;
        try { info = PhpShmSegmentInfo.Read(key); }
        catch (PhpIpcNotFoundException) { throw CliException.NotFound($"no shared memory segment with key {KeyParser.Hex(key)}"); }
        if (newSize <= info.Size) throw CliException.BadInput($"--size {newSize} is not larger than the segment's {info.Size} bytes");
        string who = string.Create(CultureInfo.InvariantCulture,
            $"segment {KeyParser.Hex(key)} (id {info.Id}): {info.Size} bytes, {info.Attachments} process(es) attached; creator pid {info.CreatorPid}, last attach/detach pid {info.LastPid}");
        if (!json) o.Text.WriteLine(who);
        if (info.Attachments > 0 && !force)
            throw CliException.BadInput($"{who}: attached processes keep the old segment (and write to it) until they attach again; pass --force to grow anyway");

        PhpShmGrowResult result;
        using (var holder = new Holder(key))
        {
            result = PhpShmGrow.Grow(key, newSize, new PhpShmGrowOptions
            {
                LockKey = lockKey is null ? null : KeyParser.ParseObjectKey(lockKey),
                SegmentOptions = Segments.Options,
                KeepOldAlive = holder.Start,
            });
            holder.Finish();
        }
        if (json)
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("key", key);
                w.WriteString("keyHex", KeyParser.Hex(key));
                w.WriteNumber("oldId", result.OldId);
                w.WriteNumber("newId", result.NewId);
                w.WriteNumber("oldSize", result.OldSize);
                w.WriteNumber("newSize", result.NewSize);
                w.WriteNumber("variables", result.Variables);
                w.WriteNumber("stillAttachedToOld", result.OtherAttachments);
                w.WriteEndObject();
            });
        }
        else
        {
            o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"grown: {result.Variables} variable(s) copied and verified; new segment id {result.NewId}, {result.NewSize} bytes; old id {result.OldId} marked removed"));
            if (result.OtherAttachments > 0)
                o.Text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.OtherAttachments} process(es) still use the old segment until they call shm_attach again"));
        }
        return ExitCodes.Ok;
    }

    private static int Hold(int shmid, int key, int growerPid)
    {
        // Only the grower's end of stdin decides: signals meant for the terminal's foreground group are ignored.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = true);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => c.Cancel = true);
        using PhpSharedMemory old = PhpSharedMemory.OpenById(shmid, key, readOnly: true, Segments.Options);
        Console.Out.WriteLine("held");
        Console.Out.Flush();
        string? line = Console.In.ReadLine();
        if (line == "done") return ExitCodes.Ok;
        try
        {
            bool restored = PhpShmGrow.Recover(old, growerPid);
            Console.Error.WriteLine(restored
                ? $"phpshm: grow of {KeyParser.Hex(key)} was interrupted; the old segment was put back under the key"
                : $"phpshm: grow of {KeyParser.Hex(key)} was interrupted after the new segment was complete");
            return ExitCodes.Ok;
        }
        catch (PhpIpcException e)
        {
            string path = Path.Combine(Path.GetTempPath(), $"phpshm-grow-{KeyParser.Hex(key)}-{Environment.ProcessId}.img");
            File.WriteAllBytes(path, old.ReadImage());
            Console.Error.WriteLine($"phpshm: grow of {KeyParser.Hex(key)} was interrupted and the old segment could not be put back ({e.Message}); its image is in {path}");
            return ExitCodes.OsError;
        }
    }

    /// <summary>The holder process: started before the old segment is removed, told "done" when the new one is published.</summary>
    private sealed class Holder : IDisposable
    {
        private readonly int _key;
        private Process? _process;

        public Holder(int key) => _key = key;

        public void Start(int shmid)
        {
            ProcessStartInfo psi = SelfProcess.StartInfo(HoldCommandName, shmid.ToString(CultureInfo.InvariantCulture), KeyParser.Hex(_key), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            psi.RedirectStandardInput = true;
            psi.RedirectStandardOutput = true;
            _process = Process.Start(psi) ?? throw new CliException(ExitCodes.OsError, "cannot start the process that holds the old segment");
            string? ready = _process.StandardOutput.ReadLine();
            if (ready != "held")
                throw new CliException(ExitCodes.OsError, "the process that holds the old segment did not start; nothing was changed");
        }

        public void Finish()
        {
            if (_process is null) return;
            _process.StandardInput.WriteLine("done");
            _process.StandardInput.Close();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            // An exception before Finish closes stdin without "done": the holder checks the key and puts the old segment back if needed.
            if (_process is null) return;
            try { _process.StandardInput.Close(); } catch (IOException) { }
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
