namespace PhpShmCompat.Hosting;

/// <summary>
/// Collects setting errors, each prefixed with the setting's name as the user wrote it: the
/// configuration path (<c>PhpShm:Tasks:QueueKey</c>) when bound from configuration, otherwise the
/// options type and property (<c>PhpMessageProcessorOptions.QueueKey</c>).
/// </summary>
internal sealed class SettingsCheck
{
    private readonly string _prefix;

    internal SettingsCheck(string prefix) => _prefix = prefix;

    internal List<string> Errors { get; } = [];

    /// <summary>The full name of a setting.</summary>
    internal string Name(string property) => _prefix + property;

    internal void Fail(string property, string message) => Errors.Add($"{Name(property)}: {message}");

    /// <summary>Parses a required key; records an error and returns false when it is missing or invalid.</summary>
    internal bool Key(string property, string? text, out int key)
    {
        key = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            Fail(property, $"is required ({IpcKeyParser.AcceptedForms})");
            return false;
        }
        if (!IpcKeyParser.TryParse(text, out key, out string? error))
        {
            Fail(property, error);
            return false;
        }
        if (key == 0)
        {
            Fail(property, $"'{text}' is 0 (IPC_PRIVATE), which names no shared IPC object");
            return false;
        }
        return true;
    }

    /// <summary>Parses an optional octal mode (null: 0600).</summary>
    internal IpcPermissions Permissions(string property, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return IpcPermissions.Default;
        try
        {
            return IpcPermissions.Parse(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            Fail(property, $"'{text}' is not an octal mode such as 0600 ({ex.Message})");
            return IpcPermissions.Default;
        }
    }

    /// <summary>Throws one exception naming the first failed setting; the message lists every error.</summary>
    internal void ThrowIfFailed()
    {
        if (Errors.Count == 0) return;
        string first = Errors[0];
        int colon = first.IndexOf(": ", StringComparison.Ordinal);
        string rest = Errors.Count > 1 ? "; also " + string.Join("; ", Errors.Skip(1)) : "";
        throw new PhpShmConfigurationException(first[..colon], first[(colon + 2)..] + rest);
    }
}
