using System.Diagnostics;
using System.Text;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests.Support;

/// <summary>Short PHP programs on queues, and long-running PHP processes (master, workers).</summary>
public static class Php
{
    /// <summary>Runs PHP code and returns its stdout (fails the test on a non-zero exit).</summary>
    public static string Run(string code) => PhpRunner.RunCode(code).EnsureSuccess().StdoutText;

    /// <summary>msg_send of each PHP expression (serialized, as msg_send does by default).</summary>
    public static void Send(int key, long type, params string[] phpExpressions)
        => Run($"$q = msg_get_queue({key}, 0600); foreach ([{string.Join(",", phpExpressions)}] as $v) if (!msg_send($q, {type}, $v)) exit(1);");

    /// <summary>msg_send of raw bytes (serialize = false).</summary>
    public static void SendRaw(int key, long type, byte[] payload)
        => Run($"if (!msg_send(msg_get_queue({key}, 0600), {type}, hex2bin('{Convert.ToHexString(payload)}'), false)) exit(1);");

    /// <summary>Starts a PHP script as a process with its output captured.</summary>
    public static PhpProcess Start(string script, params string[] args) => new(script, args);
}

/// <summary>A PHP process; killed on dispose if still running.</summary>
public sealed class PhpProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lines = [];
    private TaskCompletionSource<string>? _nextLine;

    internal PhpProcess(string script, string[] args)
    {
        var info = new ProcessStartInfo(PhpRunner.PhpPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (string a in args) info.ArgumentList.Add(a);
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_lines)
            {
                _stdout.AppendLine(e.Data);
                _lines.Add(e.Data);
                _nextLine?.TrySetResult(e.Data);
                _nextLine = null;
            }
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.Exited += (_, _) => _exited.TrySetResult();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every stdout line so far.</summary>
    /// <summary>Completes when the process has exited.</summary>
    public Task ExitedTask => _exited.Task;

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    /// <summary>Stderr so far.</summary>
    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Waits until stdout has a line equal to <paramref name="line"/>.</summary>
    public async Task ExpectLineAsync(string line, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task<string> next;
            lock (_lines)
            {
                if (_lines.Contains(line)) return;
                _nextLine ??= new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                next = _nextLine.Task;
            }
            try
            {
                await Task.WhenAny(next, _exited.Task).WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no line '{line}' within {timeout}; stdout: {string.Join(" | ", Lines)}; stderr: {Stderr}");
            }
            if (_exited.Task.IsCompleted && !next.IsCompleted)
            {
                lock (_lines) if (_lines.Contains(line)) return;
                throw new InvalidOperationException($"php exited ({_process.ExitCode}) without '{line}'; stdout: {string.Join(" | ", Lines)}; stderr: {Stderr}");
            }
        }
    }

    /// <summary>Waits for the process to end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _exited.Task.WaitAsync(timeout);
        await _process.WaitForExitAsync(); // drains the output
        return _process.ExitCode;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
