using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>
/// Runs a command as the unprivileged user <c>nobody</c> (uid/gid 65534) with <c>setpriv</c>.
/// Root bypasses the IPC permission bits (CAP_IPC_OWNER), so permission faults can only be
/// shown from an unprivileged process; this needs the tests to run as root to switch users.
/// </summary>
internal static partial class Unprivileged
{
    public const int NobodyId = 65534;

    /// <summary>Null when the tests can switch to nobody, else the reason they cannot.</summary>
    public static string? SkipReason { get; } = FindSkipReason();

    private static string? FindSkipReason()
    {
        if (geteuid() != 0) return "needs root to run a process as nobody (root bypasses IPC permission bits; an unprivileged runner cannot switch users)";
        if (!File.Exists("/usr/bin/setpriv")) return "setpriv (util-linux) is not installed";
        return null;
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="args"/> as nobody, stdio redirected.</summary>
    public static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { $"--reuid={NobodyId}", $"--regid={NobodyId}", "--clear-groups", "--", file }) psi.ArgumentList.Add(a);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        psi.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start setpriv");
    }

    /// <summary>Runs to completion (30 s at most) and returns exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        using Process p = Start(file, args);
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            throw new TimeoutException($"{file} as nobody did not finish; stderr: {stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Null when nobody can read <paramref name="path"/> (every directory above it searchable by
    /// others, the file readable by others), else why not -- e.g. a checkout under /root.
    /// </summary>
    public static string? ReadableByOthers(string path)
    {
        if (!OperatingSystem.IsLinux()) return "not Linux";
        if (!File.Exists(path)) return $"{path} does not exist";
        if ((File.GetUnixFileMode(path) & UnixFileMode.OtherRead) == 0) return $"{path} is not readable by others";
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!); dir is not null; dir = dir.Parent)
        {
            if ((File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0)
                return $"nobody cannot reach the test binaries: {dir.FullName} is not searchable by others";
        }
        return null;
    }

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

/// <summary>A fact that is skipped, with the reason, when the tests cannot run a process as nobody.</summary>
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    public UnprivilegedFactAttribute()
    {
        if (Unprivileged.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>Like <see cref="UnprivilegedFactAttribute"/>, and nobody must also be able to run the IpcWorker built next to the tests.</summary>
public sealed class UnprivilegedWorkerFactAttribute : FactAttribute
{
    public UnprivilegedWorkerFactAttribute()
    {
        if ((Unprivileged.SkipReason ?? Unprivileged.ReadableByOthers(Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll"))) is { } reason) Skip = reason;
    }
}
