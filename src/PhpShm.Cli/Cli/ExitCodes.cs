namespace PhpShm.Cli;

/// <summary>The exit codes of phpshm (the contract scripts rely on).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>No such segment, queue, semaphore, variable or message.</summary>
    public const int NotFound = 1;

    /// <summary>Bad usage or bad input (arguments, stdin).</summary>
    public const int BadInput = 2;

    /// <summary>Corrupt data (segment layout or serialized bytes).</summary>
    public const int Corrupt = 3;

    /// <summary>Permission denied or another operating-system error.</summary>
    public const int OsError = 4;

    /// <summary><c>sem exec</c>: the command could not be started (the shells' convention).</summary>
    public const int CommandNotRunnable = 127;
}
