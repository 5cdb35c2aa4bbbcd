using System.Globalization;
using PhpShmCompat;

namespace PhpShm.Cli;

/// <summary>
/// Parses IPC keys as operators write them: decimal (<c>1234</c>, <c>-5</c>, up to 4294967295,
/// truncated to 32 bits as PHP does), hex (<c>0x5a00beef</c>, as <c>ipcs</c> prints them) or
/// <c>ftok:PATH:C</c> (PHP's <c>ftok(PATH, "C")</c>). Variable keys are 64-bit, decimal or hex.
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
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.StartsWith("ftok:", StringComparison.Ordinal))
            return TryParseFtok(text, s[5..], out key, out error);
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> hex = s[2..];
            if (hex.Length is 0 or > 8 || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint u))
            {
                error = $"invalid key '{text}': 0x must be followed by 1 to 8 hex digits";
                return ExitCodes.BadInput;
            }
            key = unchecked((int)u);
            return ExitCodes.Ok;
        }
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long d) && d >= int.MinValue && d <= uint.MaxValue)
        {
            key = unchecked((int)d);
            return ExitCodes.Ok;
        }
        error = $"invalid key '{text}': expected decimal (-2147483648..4294967295), 0x hex or ftok:PATH:C";
        return ExitCodes.BadInput;
    }

    private static int TryParseFtok(string text, ReadOnlySpan<char> rest, out int key, out string? error)
    {
        key = 0;
        int colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon != rest.Length - 2)
        {
            error = $"invalid key '{text}': expected ftok:PATH:C with a one-character project id, as PHP's ftok() takes";
            return ExitCodes.BadInput;
        }
        string path = rest[..colon].ToString();
        char proj = rest[^1];
        if (proj > 0xFF)
        {
            error = $"invalid key '{text}': the project id must be a single-byte character";
            return ExitCodes.BadInput;
        }
        try
        {
            key = Ftok.Compute(path, proj);
            error = null;
            return ExitCodes.Ok;
        }
        catch (PhpIpcException e)
        {
            error = $"ftok('{path}', '{proj}') failed: {e.Message}";
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
