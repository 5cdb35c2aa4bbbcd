namespace PhpShmCompat;

/// <summary>
/// The nine Unix permission bits (<c>rwxrwxrwx</c>) of a System V IPC object, as PHP's
/// <c>$permissions</c> arguments take them. C# has no octal literals (<c>0660</c> in C# is
/// decimal 660, which would even set <c>IPC_CREAT</c>), so build values with the named
/// presets, <see cref="Parse"/> (<c>"0660"</c>) or <see cref="FromUnixFileMode"/>.
/// </summary>
/// <remarks>
/// The library default is <see cref="OwnerOnly"/> (0600), not PHP's 0666. To share a segment
/// with a PHP worker running as another user, either put both users in one group and use
/// <see cref="OwnerAndGroup"/> (0660), or use <see cref="Everyone"/> (0666) knowingly: every
/// local user can then read and overwrite the data.
/// </remarks>
public readonly record struct IpcPermissions
{
    /// <summary>The mask of valid bits (octal 0777).</summary>
    public const int AllBits = 0x1FF;

    private IpcPermissions(int mode) => Mode = mode;

    /// <summary>The permission bits, between 0 and octal 0777.</summary>
    public int Mode { get; }

    /// <summary>0600: only the owning user may read and write. The library default.</summary>
    public static IpcPermissions OwnerOnly { get; } = new(0x180);

    /// <summary>0660: the owner and members of the segment's group may read and write.</summary>
    public static IpcPermissions OwnerAndGroup { get; } = new(0x1B0);

    /// <summary>0666: every local user may read and write (PHP's default; use knowingly).</summary>
    public static IpcPermissions Everyone { get; } = new(0x1B6);

    /// <summary>0: no permission bits; used when opening an existing object without asking for access checks.</summary>
    public static IpcPermissions None { get; } = new(0);

    /// <summary>The default for objects created from C#: <see cref="OwnerOnly"/> (0600).</summary>
    public static IpcPermissions Default => OwnerOnly;

    /// <summary>Creates permissions from a numeric mode (write it as <c>0b110_110_000</c> or <c>0x1B0</c>, not <c>0660</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits other than octal 0777 are set.</exception>
    public static IpcPermissions FromMode(int mode)
    {
        if ((mode & ~AllBits) != 0)
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "IPC permissions take only the bits of octal 0777; higher bits would be read as IPC_CREAT/IPC_EXCL flags.");
        return new IpcPermissions(mode);
    }

    /// <summary>Creates permissions from a .NET <see cref="UnixFileMode"/> (only the nine rwx bits are allowed).</summary>
    public static IpcPermissions FromUnixFileMode(UnixFileMode mode) => FromMode((int)mode);

    /// <summary>Parses an octal string such as <c>"0660"</c>, <c>"660"</c> or <c>"0o660"</c>.</summary>
    /// <exception cref="FormatException">The text is not an octal number of at most 0777.</exception>
    public static IpcPermissions Parse(string octal)
    {
        ArgumentNullException.ThrowIfNull(octal);
        ReadOnlySpan<char> s = octal.AsSpan().Trim();
        if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) s = s[2..];
        if (s.Length == 0 || s.Length > 4) throw new FormatException($"'{octal}' is not an octal permission mode such as 0660.");
        int mode = 0;
        foreach (char c in s)
        {
            if (c < '0' || c > '7') throw new FormatException($"'{octal}' is not an octal permission mode such as 0660.");
            mode = (mode * 8) + (c - '0');
        }
        if (mode > AllBits) throw new FormatException($"'{octal}' is larger than 0777.");
        return new IpcPermissions(mode);
    }

    /// <summary>Formats the mode as four octal digits, for example <c>0660</c>.</summary>
    public override string ToString() => "0" + Convert.ToString(Mode, 8).PadLeft(3, '0');
}
