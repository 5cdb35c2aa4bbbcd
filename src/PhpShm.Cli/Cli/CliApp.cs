using System.CommandLine;
using System.CommandLine.Invocation;
using PhpShm.Cli.Commands;

namespace PhpShm.Cli;

/// <summary>Builds the command tree, parses, runs the command and maps every failure to an exit code.</summary>
internal static class CliApp
{
    public static int Run(string[] args)
    {
        var globals = new GlobalOptions();
        RootCommand root = BuildRoot(globals);
        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            string first = parsed.Errors.Count > 0 ? parsed.Errors[0].Message : "invalid command line";
            Console.Error.WriteLine($"phpshm: {first} (see phpshm --help)");
            return ExitCodes.BadInput;
        }
        // One command per process: the layout option applies to every segment it opens.
        Segments.Options = GlobalOptions.SegmentOptions(parsed.GetValue(globals.Layout));
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    /// <summary>Writes the one stderr line for <paramref name="e"/> and returns its exit code.</summary>
    public static int Fail(Exception e)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"phpshm: {ErrorMapping.OneLine(e)}");
        return ErrorMapping.ExitCodeOf(e);
    }

    public static RootCommand BuildRoot(GlobalOptions globals)
    {
        var root = new RootCommand("phpshm: inspect and operate PHP's System V IPC objects (sysvshm segments, message queues, semaphores).\n" +
                                   "Keys: decimal, 0x hex or ftok:PATH:C. Exit codes: 0 ok, 1 not found, 2 bad usage/input, 3 corrupt data, 4 permission/OS error.");
        root.Options.Add(globals.Json);
        root.Options.Add(globals.Layout);
        root.Subcommands.Add(LsCommand.Create(globals));
        root.Subcommands.Add(DumpCommand.Create(globals));
        root.Subcommands.Add(GetCommand.Create(globals));
        root.Subcommands.Add(PutCommand.Create(globals));
        root.Subcommands.Add(RmCommand.Create(globals));
        root.Subcommands.Add(DestroyCommand.Create(globals));
        root.Subcommands.Add(CheckCommand.Create(globals));
        root.Subcommands.Add(MsgCommands.Create(globals));
        root.Subcommands.Add(SemCommands.Create(globals));
        root.Subcommands.Add(FtokCommand.Create(globals));
        root.Subcommands.Add(RedisCommands.Mirror(globals));
        root.Subcommands.Add(RedisCommands.Bridge(globals));
        root.Subcommands.Add(GrowCommand.Create(globals));
        root.Subcommands.Add(RepairCommand.Create(globals));
        root.Subcommands.Add(WatchCommand.Create(globals));
        root.Subcommands.Add(MetricsCommand.Create(globals));
        root.Subcommands.Add(GrowCommand.CreateHold());
        return root;
    }
}
