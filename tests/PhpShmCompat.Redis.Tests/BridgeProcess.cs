using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// <c>phpshm</c> run as a separate process (so it can be killed with SIGKILL at any instant),
/// optionally inside another IPC namespace. Its stderr is collected; <see cref="Dispose"/> kills it.
/// </summary>
public sealed partial class BridgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    private BridgeProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>phpshm.dll, copied next to the tests by the project reference.</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "phpshm.dll");

    /// <summary>IpcWorker.dll, copied next to the tests.</summary>
    public static string WorkerPath { get; } = Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll");

    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts <c>phpshm ARGS</c> (inside <paramref name="ns"/> when given).</summary>
    public static BridgeProcess Start(IpcNamespace? ns, params string[] args) => StartDll(ns, ToolPath, args);

    /// <summary>Starts <c>dotnet DLL ARGS</c> (inside <paramref name="ns"/> when given).</summary>
    public static BridgeProcess StartDll(IpcNamespace? ns, string dll, params string[] args)
    {
        ProcessStartInfo psi = ns is null ? new ProcessStartInfo(Dotnet) { UseShellExecute = false } : ns.StartInfo(Dotnet, []);
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardInput = true;
        psi.ArgumentList.Add(dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        p.StandardInput.Close();
        return new BridgeProcess(p);
    }

    /// <summary>What it wrote to stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>What it wrote to stdout so far.</summary>
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits until stderr contains <paramref name="text"/>.</summary>
    public void WaitForStderr(string text, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"phpshm exited with {_process.ExitCode} before saying '{text}': {Stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"phpshm did not say '{text}': {Stderr}");
            Thread.Sleep(10);
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no handler runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited) kill(_process.Id, 9);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait for a clean exit; returns the exit code.</summary>
    public int Terminate(TimeSpan? timeout = null)
    {
        if (!_process.HasExited) kill(_process.Id, 15);
        if (!_process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"phpshm did not stop on SIGTERM: {Stderr}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits for it to exit by itself; returns the exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"process did not finish: {Stderr}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
