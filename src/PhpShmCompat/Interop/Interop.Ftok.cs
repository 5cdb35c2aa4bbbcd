using System.Runtime.InteropServices;

namespace PhpShmCompat;

internal static partial class Interop
{
    /// <summary>glibc <c>ftok(3)</c>: the path is passed as UTF-8 bytes, exactly as PHP passes its string.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ftok", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Ftok(string path, int projectId);
}
