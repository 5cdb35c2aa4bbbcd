namespace PhpShmCompat;

/// <summary>The four access modes of PHP's <c>shmop_open</c>.</summary>
public enum ShmopMode
{
    /// <summary><c>"a"</c>: open an existing segment read-only (<c>SHM_RDONLY</c>).</summary>
    Access,

    /// <summary><c>"c"</c>: open, or create with the given size (<c>IPC_CREAT</c>); read/write.</summary>
    Create,

    /// <summary><c>"w"</c>: open an existing segment read/write.</summary>
    Write,

    /// <summary><c>"n"</c>: create a new segment, failing when one exists (<c>IPC_CREAT | IPC_EXCL</c>); read/write.</summary>
    CreateNew,
}

/// <summary>Converts between <see cref="ShmopMode"/> and PHP's one-letter mode strings.</summary>
public static class ShmopModes
{
    /// <summary>Parses PHP's mode string: exactly one of <c>a</c>, <c>c</c>, <c>w</c>, <c>n</c>.</summary>
    /// <exception cref="ArgumentException">Anything else (PHP: "must be a valid access mode").</exception>
    public static ShmopMode FromPhpLetter(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return TryFromPhpLetter(mode, out ShmopMode result)
            ? result
            : throw new ArgumentException($"'{mode}' is not a valid shmop access mode (one of \"a\", \"c\", \"w\", \"n\").", nameof(mode));
    }

    /// <summary>Parses PHP's mode string without throwing.</summary>
    public static bool TryFromPhpLetter(string? mode, out ShmopMode result)
    {
        result = default;
        if (mode is not { Length: 1 }) return false;
        switch (mode[0])
        {
            case 'a': result = ShmopMode.Access; return true;
            case 'c': result = ShmopMode.Create; return true;
            case 'w': result = ShmopMode.Write; return true;
            case 'n': result = ShmopMode.CreateNew; return true;
            default: return false;
        }
    }

    /// <summary>The PHP letter of a mode.</summary>
    public static char ToPhpLetter(this ShmopMode mode) => mode switch
    {
        ShmopMode.Access => 'a',
        ShmopMode.Create => 'c',
        ShmopMode.Write => 'w',
        ShmopMode.CreateNew => 'n',
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
