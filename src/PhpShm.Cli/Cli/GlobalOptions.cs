using System.CommandLine;

namespace PhpShm.Cli;

/// <summary>Options every command understands, and shared argument/option factories.</summary>
internal sealed class GlobalOptions
{
    /// <summary><c>--json</c>: machine-readable output on stdout.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Write machine-readable JSON instead of tables", Recursive = true };

    /// <summary><c>--layout</c>: read sysvshm segments as detected from the header, or force 64-bit or 32-bit PHP's layout.</summary>
    public Option<string> Layout { get; } = CreateLayoutOption();

    private static Option<string> CreateLayoutOption()
    {
        var option = new Option<string>("--layout")
        {
            Description = "sysvshm layout: auto (detected from the header: 32-bit PHP writes 4-byte fields, header start 24), 64 or 32 (also for a segment put creates)",
            DefaultValueFactory = _ => "auto",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("auto", "64", "32");
        return option;
    }

    /// <summary>The segment options for a <c>--layout</c> value.</summary>
    public static PhpShmCompat.PhpSharedMemoryOptions SegmentOptions(string? layout) => new()
    {
        Layout = layout switch { "64" => PhpShmCompat.PhpShmLayout.Php64, "32" => PhpShmCompat.PhpShmLayout.Php32, _ => PhpShmCompat.PhpShmLayout.Detect },
    };

    public static Argument<string> KeyArgument(string description = "IPC key: decimal, 0x hex or ftok:PATH:C")
        => new("KEY") { Description = description };

    public static Argument<string> VarArgument()
        => new("VAR") { Description = "Variable key (the shm_put_var key): a 64-bit integer, decimal or 0x hex" };

    public static Option<string> ModeOption(string what)
        => new("--mode") { Description = $"Octal permissions of {what} created by this command (PHP's default is 0666)", DefaultValueFactory = _ => "0600" };

    /// <summary><c>--lock KEY</c>: hold PHP's <c>sem_get(KEY)</c> lock around a write, as PHP writers should.</summary>
    public static Option<string?> LockOption()
        => new("--lock") { Description = "Hold PHP's sem_get lock for this key (decimal, 0x hex or ftok:PATH:C) while writing, as well-behaved PHP writers do" };

    /// <summary>Takes the PHP lock named by <paramref name="lockKey"/> (null: none) and returns what releases it.</summary>
    public static IDisposable? TakeLock(string? lockKey)
    {
        if (lockKey is null) return null;
        var sem = PhpShmCompat.PhpSemaphore.Get(KeyParser.ParseObjectKey(lockKey));
        try
        {
            sem.Acquire();
            return sem; // disposing the handle gives the acquisition back (auto-release), as PHP does
        }
        catch
        {
            sem.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command body with an <see cref="Output"/> over stdout; exceptions become exit codes.</summary>
    public static int Execute(Func<Output, int> body)
    {
        using var output = new Output(Console.OpenStandardOutput());
        try
        {
            return body(output);
        }
        catch (Exception e)
        {
            output.Text.Flush();
            return CliApp.Fail(e);
        }
    }

    public static PhpShmCompat.IpcPermissions ParseMode(string text)
    {
        try { return PhpShmCompat.IpcPermissions.Parse(text); }
        catch (FormatException e) { throw CliException.BadInput($"invalid --mode: {e.Message}", e); }
    }
}
