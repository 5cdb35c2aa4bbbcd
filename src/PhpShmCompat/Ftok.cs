namespace PhpShmCompat;

/// <summary>
/// PHP's <c>ftok()</c>: derives an IPC key from an existing file and a project id through the
/// C library, so the key equals the one PHP computes for the same path and id.
/// </summary>
/// <remarks>
/// PHP takes the project id as a one-character string; pass its byte value here:
/// <c>ftok("/tmp/x", "A")</c> in PHP equals <c>Ftok.Compute("/tmp/x", 'A')</c>. Only the low
/// 8 bits are used, and ids of 0x80 and above give negative keys, exactly as in PHP.
/// </remarks>
public static class Ftok
{
    /// <summary>Computes the key for <paramref name="path"/> and <paramref name="projectId"/>.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="PhpIpcException">The file cannot be <c>stat</c>ed (PHP would return -1 with a warning).</exception>
    public static int Compute(string path, int projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int key = Interop.Ftok(path, projectId);
        // -1 is also a valid key (all bits set), so only a set errno means failure.
        if (key == -1 && Interop.Errno.Last() != 0)
            throw PhpIpcException.LastError("ftok", null, $"path '{path}', project id 0x{projectId & 0xFF:x2}");
        return key;
    }

    /// <summary>Like <see cref="Compute"/>, but returns false instead of throwing when the file cannot be read.</summary>
    public static bool TryCompute(string path, int projectId, out int key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        key = Interop.Ftok(path, projectId);
        return key != -1 || Interop.Errno.Last() == 0;
    }
}
