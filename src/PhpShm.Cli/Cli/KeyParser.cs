using System.Globalization;
using PhpShmCompat;

namespace PhpShm.Cli;

/// <summary>
/// IPC keys through the library's <see cref="IpcKeyParser"/> (decimal, <c>0x</c> hex or
/// <c>ftok:PATH:C</c>), mapped to the tool's exit codes. Variable keys are 64-bit, decimal or hex.
/// </summary>
internal static class KeyParser
{
    /// <summary>Parses an IPC key; throws <see cref="CliException"/> (exit 2 or, for a missing ftok file, 1).</summary>
    public static int ParseIpcKey(string text)
    {
        int code = TryParseIpcKey(text, out int key, out string? error);
        if (code != ExitCodes.Ok) throw new CliException(code, error ?? $"invalid key '{text}'");
        return key;
    }

    /// <summary>Parses an IPC key and rejects 0 (IPC_PRIVATE), which names no shared object.</summary>
    public static int ParseObjectKey(string text)
    {
        int key = ParseIpcKey(text);
        if (key == 0) throw CliException.BadInput($"key '{text}' is 0 (IPC_PRIVATE), which names no shared IPC object");
        return key;
    }

    /// <summary>Returns 0 and the key, or the exit code (2 bad syntax, 1 ftok file missing, 4 other ftok failure) and an error.</summary>
    public static int TryParseIpcKey(string text, out int key, out string? error)
    {
        key = 0;
        error = null;
        try
        {
            key = IpcKeyParser.Parse(text);
            return ExitCodes.Ok;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return ExitCodes.BadInput;
        }
        catch (PhpIpcException e)
        {
            error = e.Message;
            return ErrorMapping.ExitCodeOf(e);
        }
    }

    /// <summary>Parses a <c>shm_put_var</c> variable key: a 64-bit decimal or 0x hex integer.</summary>
    public static long ParseVarKey(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && s.Length is > 2 and <= 18
            && ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong u))
        {
            return unchecked((long)u);
        }
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)) return v;
        throw CliException.BadInput($"invalid variable key '{text}': expected a 64-bit integer (decimal or 0x hex)");
    }

    /// <summary>Formats a key as <c>ipcs</c> does: 0x and 8 hex digits.</summary>
    public static string Hex(int key) => PhpIpcException.FormatKey(key);
}
