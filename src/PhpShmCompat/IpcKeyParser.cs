using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PhpShmCompat;

/// <summary>
/// Parses System V IPC keys as operators and configuration files write them: decimal
/// (<c>1234</c>, <c>-5</c>, up to 4294967295, truncated to 32 bits as PHP does), hex
/// (<c>0x5a00beef</c>, as <c>ipcs</c> prints them) or <c>ftok:PATH:C</c> (PHP's
/// <c>ftok(PATH, "C")</c>, computed when parsed, so the file must exist). The one key syntax of
/// the <c>phpshm</c> tool and of the hosting options.
/// </summary>
public static class IpcKeyParser
{
    /// <summary>The forms accepted, for error messages.</summary>
    public const string AcceptedForms = "decimal (-2147483648..4294967295), 0x hex (1 to 8 digits) or ftok:PATH:C";

    /// <summary>Parses a key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException">Not one of the accepted forms (the message says which rule it broke).</exception>
    /// <exception cref="PhpIpcException"><c>ftok</c> failed, for example because the file does not exist (<see cref="PhpIpcNotFoundException"/>).</exception>
    public static int Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        if (s.StartsWith("ftok:", StringComparison.Ordinal)) return ParseFtok(text, s[5..]);
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> hex = s[2..];
            if (hex.Length is 0 or > 8 || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint u))
                throw new FormatException($"invalid key '{text}': 0x must be followed by 1 to 8 hex digits");
            return unchecked((int)u);
        }
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long d) && d >= int.MinValue && d <= uint.MaxValue)
            return unchecked((int)d);
        throw new FormatException($"invalid key '{text}': expected {AcceptedForms}");
    }

    /// <summary>Like <see cref="Parse"/>, but returns false with the reason instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out int key, [NotNullWhen(false)] out string? error)
    {
        key = 0;
        if (text is null)
        {
            error = "no key given";
            return false;
        }
        try
        {
            key = Parse(text);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (PhpIpcException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Formats a key as <c>ipcs</c> and PHP print it: <c>0x</c> and eight hex digits.</summary>
    public static string Format(int key) => PhpIpcException.FormatKey(key);

    private static int ParseFtok(string text, ReadOnlySpan<char> rest)
    {
        int colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon != rest.Length - 2)
            throw new FormatException($"invalid key '{text}': expected ftok:PATH:C with a one-character project id, as PHP's ftok() takes");
        string path = rest[..colon].ToString();
        char proj = rest[^1];
        if (proj > 0xFF) throw new FormatException($"invalid key '{text}': the project id must be a single-byte character");
        try
        {
            return Ftok.Compute(path, proj);
        }
        catch (PhpIpcException e)
        {
            throw PhpIpcException.FromErrno("ftok", null, e.Errno, $"ftok('{path}', '{proj}') for key '{text}'");
        }
    }
}
