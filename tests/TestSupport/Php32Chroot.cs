using System.Diagnostics;
using System.Text;

namespace PhpShmCompat.TestSupport;

/// <summary>
/// 32-bit PHP (Debian i386 PHP 8.2, <c>PHP_INT_SIZE</c> 4) run with <c>chroot</c> in the root
/// <c>docker/php/build-i386-image.sh</c> makes. A chroot keeps the host's IPC namespace, so its
/// segments, semaphores and queues are this process's own. Needs root.
/// Set <c>PHPSHM_I386_ROOT</c> to use another root.
/// </summary>
public static class Php32Chroot
{
    /// <summary>The i386 root.</summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("PHPSHM_I386_ROOT") is { Length: > 0 } r ? r : "/var/lib/phpshmcompat/php8.2-i386";

    /// <summary>Why 32-bit PHP cannot run here (for skip messages), or null when it can.</summary>
    public static string? UnavailableReason { get; } = FindReason();

    private static string? FindReason()
    {
        if (!File.Exists(Path.Combine(Root, ".phpshmcompat-ready")))
            return $"no i386 PHP root at {Root}: run `bash docker/php/build-i386-image.sh` (as root) or `bash docker/php/prepare-ci.sh`";
        if (Environment.UserName != "root")
            return "chroot into the i386 PHP root needs root";
        return null;
    }

    /// <summary>Runs PHP code (as <c>php -r</c>) in the i386 root with optional stdin; arguments become <c>$argv[1..]</c>.</summary>
    public static PhpResult RunCode(string code, byte[]? stdin = null, params string[] args)
    {
        var psi = new ProcessStartInfo("chroot")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { Root, "php", "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-r", code, "--" }) psi.ArgumentList.Add(a);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start chroot");
        var stdout = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("32-bit php did not finish within 2 minutes");
        }
        return new PhpResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary><see cref="RunCode"/> that requires exit 0 and returns stdout as text.</summary>
    public static string RunText(string code, params string[] args) => Encoding.UTF8.GetString(RunCode(code, null, args).EnsureSuccess().Stdout);
}
