using System.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// A child process (the C# IpcWorker or a PHP script) driven line by line over stdin/stdout.
/// Dispose kills it (SIGKILL) if it still runs, so a failing test leaves no process behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string? _tempFile;
    private readonly System.Text.StringBuilder _stderr = new();

    private ChildProcess(Process process, string? tempFile)
    {
        _process = process;
        _tempFile = tempFile;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// CPU time the process has used so far (user + system, from <c>/proc/PID/stat</c>), read
    /// from outside so the test process's own threads do not count.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            string stat = File.ReadAllText($"/proc/{Id}/stat");
            // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(f[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
    }

    /// <summary>Everything the process wrote on stderr so far.</summary>
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Starts <c>dotnet IpcWorker.dll</c> (built next to the tests) with the arguments.</summary>
    public static ChildProcess Worker(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("IpcWorker.dll was not built next to the tests", dll);
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return new ChildProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet"), null);
    }

    /// <summary>Starts PHP on <paramref name="code"/> (without <c>&lt;?php</c>) with the arguments.</summary>
    public static ChildProcess Php(string code, params string[] args)
    {
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-semmsg-{Guid.NewGuid():N}.php");
        File.WriteAllText(file, "<?php\n" + code);
        return new ChildProcess(PhpRunner.Start(file, args), file);
    }

    /// <summary>Reads the next stdout line, failing the test if none comes within the timeout.</summary>
    public string ReadLine(TimeSpan? timeout = null)
    {
        Task<string?> line = _process.StandardOutput.ReadLineAsync();
        if (!line.Wait(timeout ?? DefaultTimeout))
            throw new TimeoutException($"no output from pid {Id} within {timeout ?? DefaultTimeout}; stderr:\n{Stderr}");
        return line.Result ?? throw new InvalidOperationException($"pid {Id} closed stdout (exit {(_process.HasExited ? _process.ExitCode : -1)}); stderr:\n{Stderr}");
    }

    /// <summary>Reads a line and checks it equals <paramref name="expected"/>.</summary>
    public void Expect(string expected)
    {
        string line = ReadLine();
        if (line != expected) throw new InvalidOperationException($"pid {Id}: expected '{expected}', got '{line}'; stderr:\n{Stderr}");
    }

    /// <summary>Writes one line to stdin.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a command line and returns the reply line.</summary>
    public string Ask(string command)
    {
        WriteLine(command);
        return ReadLine();
    }

    /// <summary>SIGKILL: no destructor, no finally, no auto-release runs; waits until it is gone.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for a normal exit and returns the exit code.</summary>
    public int WaitForExit(TimeSpan? timeout = null)
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(timeout ?? DefaultTimeout))
            throw new TimeoutException($"pid {Id} did not exit; stderr:\n{Stderr}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs and deletes its temporary script.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) KillHard();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (_tempFile is not null) File.Delete(_tempFile);
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }
}
