using System.Diagnostics;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// <c>docker/php/Dockerfile</c> in its three <c>PHP_EXT_INSTALL</c> modes, through
/// <c>docker/php/test-dockerfile.sh</c> (a stand-in base plays the official php image's
/// <c>docker-php-ext-install</c>, so no registry is needed).
/// </summary>
public sealed class DockerfileTests(ITestOutputHelper output)
{
    [DockerFact("8.2")]
    public void DockerfileInstallsExactlyTheMissingExtensions()
    {
        string script = Path.Combine(RepositoryRoot(), "docker", "php", "test-dockerfile.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        using Process process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("test-dockerfile.sh did not finish within 5 minutes");
        }
        output.WriteLine(stdout + stderr.Result);
        Assert.True(process.ExitCode == 0, $"test-dockerfile.sh exited with {process.ExitCode}:\n{stdout}{stderr.Result}");
        Assert.Contains("test-dockerfile: OK", stdout);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker", "php", "Dockerfile"))) return dir.FullName;
        }
        // Built with --artifacts-path outside the tree: fall back to the source file's location.
        return Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", ".."));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
