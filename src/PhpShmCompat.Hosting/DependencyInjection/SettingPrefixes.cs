namespace PhpShmCompat.Hosting;

/// <summary>
/// How each registered options instance names its settings in errors: the configuration path it
/// was bound from (<c>PhpShm:Tasks:</c>), or the options type (<c>PhpMessageProcessorOptions.</c>).
/// </summary>
public sealed class SettingPrefixes
{
    private readonly Dictionary<(Type, string), string> _prefixes = [];

    /// <summary>The prefix for one options instance.</summary>
    public string For(Type optionsType, string name)
    {
        lock (_prefixes)
            return _prefixes.TryGetValue((optionsType, name), out string? prefix) ? prefix : optionsType.Name + ".";
    }

    internal void Set(Type optionsType, string name, string prefix)
    {
        lock (_prefixes) _prefixes[(optionsType, name)] = prefix;
    }
}
