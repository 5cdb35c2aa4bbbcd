namespace PhpShmCompat.Hosting;

/// <summary>A setting is invalid, or names an IPC object that cannot be used; <see cref="Setting"/> names it.</summary>
public sealed class PhpShmConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception for one setting.</summary>
    public PhpShmConfigurationException(string setting, string message, Exception? inner = null)
        : base($"{setting}: {message}", inner)
    {
        Setting = setting;
    }

    /// <summary>The setting at fault, as written in configuration (for example <c>PhpShm:Tasks:QueueKey</c>).</summary>
    public string Setting { get; }
}
