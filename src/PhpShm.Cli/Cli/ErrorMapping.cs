using PhpSerializer;
using PhpShmCompat;

namespace PhpShm.Cli;

/// <summary>Maps an exception to phpshm's exit code and one readable stderr line.</summary>
internal static class ErrorMapping
{
    public static int ExitCodeOf(Exception e) => e switch
    {
        CliException c => c.ExitCode,
        PhpIpcNotFoundException or PhpMessageQueueEmptyException => ExitCodes.NotFound,
        PhpShmCorruptException or PhpMessageCorruptedException or PhpSerializationException => ExitCodes.Corrupt,
        PhpIpcPermissionException or UnauthorizedAccessException => ExitCodes.OsError,
        PhpIpcException or IOException or StackExchange.Redis.RedisException => ExitCodes.OsError,
        ArgumentException or FormatException or OverflowException => ExitCodes.BadInput,
        _ => ExitCodes.OsError,
    };

    /// <summary>The message on one line (newlines of multi-line messages become "; ").</summary>
    public static string OneLine(Exception e)
    {
        string message = e switch
        {
            CliException or PhpIpcException or PhpSerializationException or ArgumentException or FormatException or IOException or UnauthorizedAccessException
                or StackExchange.Redis.RedisException => e.Message,
            _ => $"internal error: {e.GetType().Name}: {e.Message}",
        };
        return message.ReplaceLineEndings("; ").Trim();
    }
}
