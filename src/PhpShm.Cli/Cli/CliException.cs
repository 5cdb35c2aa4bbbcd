namespace PhpShm.Cli;

/// <summary>An error the CLI reports as one stderr line with a chosen exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? inner = null) : base(message, inner) => ExitCode = exitCode;

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }

    public static CliException BadInput(string message, Exception? inner = null) => new(ExitCodes.BadInput, message, inner);

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    public static CliException Corrupt(string message, Exception? inner = null) => new(ExitCodes.Corrupt, message, inner);
}
