using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PhpShm.Cli.SysV;
using PhpShmCompat;
using PhpShmCompat.Diagnostics;
using Spectre.Console;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm sem status|exec</c>: PHP <c>sem_get()</c> semaphores.</summary>
internal static class SemCommands
{
    public static Command Create(GlobalOptions g)
    {
        var sem = new Command("sem", "Inspect PHP semaphores, or run a command while holding one (sem_acquire)");
        sem.Subcommands.Add(Status(g));
        sem.Subcommands.Add(Exec());
        return sem;
    }

    private static Command Status(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var cmd = new Command("status", "Show a semaphore set's counter, users and waiters without joining it") { key };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            PhpSemaphoreStatus s;
            try { s = PhpSemaphoreStatus.Read(k); }
            catch (PhpIpcNotFoundException) { throw CliException.NotFound($"no semaphore set with key {KeyParser.Hex(k)}"); }
            var users = UserDirectory.Load();
            string state = !s.HasPhpLayout ? "not a PHP sem_get set" : s.IsExhausted ? "locked (counter 0)" : "free";
            if (pr.GetValue(g.Json))
            {
                o.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("key", k);
                    w.WriteString("keyHex", KeyParser.Hex(k));
                    w.WriteNumber("id", s.SemaphoreId);
                    w.WriteNumber("nsems", s.SetSize);
                    w.WriteBoolean("phpLayout", s.HasPhpLayout);
                    w.WriteNumber("uid", s.Uid);
                    w.WriteString("owner", users.UserName(s.Uid));
                    w.WriteNumber("gid", s.Gid);
                    w.WriteString("group", users.GroupName(s.Gid));
                    w.WriteString("mode", IpcPermissions.FromMode(s.Mode).ToString());
                    w.WriteNumber("available", s.Available);
                    w.WriteNumber("users", s.Users);
                    w.WriteNumber("guard", s.Guard);
                    w.WriteNumber("waiters", s.Waiters);
                    w.WriteNumber("lastPid", s.LastPid);
                    w.WriteNumber("lastOperationTime", s.LastOperationTime);
                    w.WriteBoolean("locked", s.HasPhpLayout && s.IsExhausted);
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var t = new Table { Border = o.Border, Title = new TableTitle($"semaphore {KeyParser.Hex(k)} (id {s.SemaphoreId})") };
            t.AddColumn("FIELD");
            t.AddColumn("VALUE");
            void Row(string name, string value) => t.AddRow(new Text(name), new Text(value));
            Row("state", state);
            Row("available", $"{s.Available} (acquisitions possible now; [0])");
            Row("users", $"{s.Users} (live sem_get handles; [1])");
            Row("waiters", s.Waiters.ToString(CultureInfo.InvariantCulture));
            Row("last pid", s.LastPid.ToString(CultureInfo.InvariantCulture));
            Row("owner", $"{users.UserName(s.Uid)}:{users.GroupName(s.Gid)}");
            Row("mode", IpcPermissions.FromMode(s.Mode).ToString());
            Row("nsems", s.SetSize.ToString(CultureInfo.InvariantCulture));
            o.Console.Write(t);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Exec()
    {
        var key = GlobalOptions.KeyArgument();
        var command = new Argument<string[]>("COMMAND") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var maxAcquire = new Option<int>("--max-acquire") { Description = "max_acquire if this creates the semaphore (PHP's sem_get default 1)", DefaultValueFactory = _ => 1 };
        var mode = GlobalOptions.ModeOption("a semaphore set");
        var cmd = new Command("exec", "Run COMMAND while holding PHP's lock for KEY (sem_get + sem_acquire); exits with COMMAND's exit code") { key, command, maxAcquire, mode };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            string[] argv = pr.GetValue(command) ?? [];
            if (argv.Length == 0) throw CliException.BadInput("sem exec needs a command: phpshm sem exec KEY -- COMMAND [ARGS...]");
            int max = pr.GetValue(maxAcquire);
            if (max is < 1 or > PhpSemaphore.MaxSemaphoreValue) throw CliException.BadInput($"--max-acquire must be 1..{PhpSemaphore.MaxSemaphoreValue}");
            IpcPermissions perms = GlobalOptions.ParseMode(pr.GetValue(mode)!);
            o.Text.Flush();
            return RunLocked(k, max, perms, argv);
        }));
        return cmd;
    }

    /// <summary>Takes the lock (SEM_UNDO: a killed phpshm frees it), runs the command with inherited stdio, releases.</summary>
    private static int RunLocked(int key, int maxAcquire, IpcPermissions perms, string[] argv)
    {
        using PhpSemaphore sem = PhpSemaphore.Get(key, maxAcquire, perms);
        using (sem.Lock())
        {
            var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            for (int i = 1; i < argv.Length; i++) psi.ArgumentList.Add(argv[i]);
            Process child;
            try
            {
                child = Process.Start(psi) ?? throw new CliException(ExitCodes.CommandNotRunnable, $"cannot run '{argv[0]}'");
            }
            catch (Win32Exception e)
            {
                throw new CliException(ExitCodes.CommandNotRunnable, $"cannot run '{argv[0]}': {e.Message}", e);
            }
            using (child)
            {
                // While the command runs, phpshm outlives it: signals are passed on, the lock is held until it exits.
                using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Forward(ctx, child));
                using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => Forward(ctx, child));
                using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => Forward(ctx, child));
                child.WaitForExit();
                return child.ExitCode;
            }
        }
    }

    private static void Forward(PosixSignalContext ctx, Process child)
    {
        ctx.Cancel = true;
        try
        {
            if (!child.HasExited) _ = ProcessLiveness.Signal(child.Id, ctx.Signal == PosixSignal.SIGINT ? 2 : ctx.Signal == PosixSignal.SIGHUP ? 1 : 15);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
