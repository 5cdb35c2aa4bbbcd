using System.Diagnostics;
using System.Text;

namespace PhpShmCompat.TestSupport;

/// <summary>The outcome of one PHP run: exit code, raw stdout bytes and stderr text.</summary>
public sealed record PhpResult(int ExitCode, byte[] Stdout, string Stderr)
{
    /// <summary>stdout decoded as UTF-8 (use <see cref="Stdout"/> for binary output).</summary>
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>Throws with stdout and stderr in the message unless PHP exited with 0.</summary>
    public PhpResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new InvalidOperationException($"php exited with {ExitCode}.\nstderr:\n{Stderr}\nstdout:\n{StdoutText}");
        return this;
    }
}

/// <summary>
/// Runs the real <c>php</c> binary (the oracle). Set <c>PHP_BINARY</c> to use another one.
/// A missing php is a test failure, not a skip: the README's test command installs it.
/// </summary>
public static class PhpRunner
{
    private static readonly Lazy<string> Binary = new(FindPhp);

    /// <summary>Path of the php binary used.</summary>
    public static string PhpPath => Binary.Value;

    private static string FindPhp()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("PHP_BINARY");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "php");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("php was not found on PATH. Run ./test.sh, which installs php-cli, or set PHP_BINARY.");
    }

    /// <summary>Runs PHP code (without the leading <c>&lt;?php</c>) with optional stdin bytes and arguments.</summary>
    public static PhpResult RunCode(string code, byte[]? stdin = null, params string[] args)
    {
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-test-{Guid.NewGuid():N}.php");
        File.WriteAllText(file, "<?php\n" + code);
        try { return RunFile(file, stdin, args); }
        finally { File.Delete(file); }
    }

    /// <summary>Runs a PHP script file with optional stdin bytes and arguments.</summary>
    public static PhpResult RunFile(string scriptPath, byte[]? stdin = null, params string[] args)
    {
        using Process process = Start(scriptPath, args);
        var stdoutTask = Task.Run(() => ReadAll(process.StandardOutput.BaseStream));
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        process.WaitForExit();
        return new PhpResult(process.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    /// <summary>Starts PHP on a script without waiting (for concurrency tests); the caller owns the process.</summary>
    public static Process Start(string scriptPath, params string[] args)
    {
        var psi = new ProcessStartInfo(PhpPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-d");
        psi.ArgumentList.Add("display_errors=stderr");
        psi.ArgumentList.Add("-d");
        psi.ArgumentList.Add("error_reporting=-1");
        psi.ArgumentList.Add(scriptPath);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start php");
    }

    private static byte[] ReadAll(Stream s)
    {
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
