using System.Diagnostics;
using System.Text;

namespace PhpShm.Cli.Tests;

/// <summary>The outcome of one phpshm run.</summary>
public sealed record CliResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdoutText}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built tool as a separate process: <c>dotnet phpshm.dll ARGS</c>.</summary>
public static class CliRunner
{
    /// <summary>phpshm.dll, copied next to the tests by the project reference.</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "phpshm.dll");

    /// <summary>The dotnet host, for commands run by a shell (tmux).</summary>
    public static string DotnetPathForShell => DotnetPath;

    private static string DotnetPath =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static CliResult Run(params string[] args) => Run(null, args);

    public static CliResult RunText(string stdin, params string[] args) => Run(Encoding.UTF8.GetBytes(stdin), args);

    public static CliResult Run(byte[]? stdin, params string[] args)
    {
        using Process p = Start(args);
        var stdout = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"phpshm {string.Join(' ', args)} did not finish in 60 s");
        }
        return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts phpshm without waiting (stdin/stdout/stderr redirected); the caller owns the process.</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ToolPath);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
