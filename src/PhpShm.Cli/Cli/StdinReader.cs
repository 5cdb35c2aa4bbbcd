namespace PhpShm.Cli;

/// <summary>Reads all of stdin as bytes, with a size cap so a runaway pipe cannot exhaust memory.</summary>
internal static class StdinReader
{
    /// <summary>Largest input accepted (64 MiB): larger than any sysvshm segment or message PHP uses.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    public static byte[] ReadAll(Stream stdin)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = stdin.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
                throw CliException.BadInput($"stdin is larger than {MaxBytes} bytes");
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }
}
