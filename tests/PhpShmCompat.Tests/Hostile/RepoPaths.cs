using System.Runtime.CompilerServices;

namespace PhpShmCompat.Tests.Hostile;

/// <summary>
/// Finds files of the repository the tests were built from: next to the source file when its
/// compile-time path exists, else by walking up from the test binaries (for builds with mapped
/// source paths).
/// </summary>
internal static class RepoPaths
{
    public static string Find(string relativeToRepo, [CallerFilePath] string here = "")
    {
        string fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here) ?? ".", "../../..", relativeToRepo));
        if (Directory.Exists(fromSource) || File.Exists(fromSource)) return fromSource;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relativeToRepo);
            if (Directory.Exists(candidate) || File.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"{relativeToRepo} not found from {here} or {AppContext.BaseDirectory}");
    }
}
