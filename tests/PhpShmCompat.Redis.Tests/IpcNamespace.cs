using System.Diagnostics;
using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// A second IPC namespace on this machine -- a second "host" as far as System V IPC goes: a
/// holder process (<c>unshare --ipc sleep</c>) keeps it alive, and commands run inside it with
/// <c>nsenter</c>. Its segments, queues and semaphores vanish with it on <see cref="Dispose"/>.
/// Without root, a user namespace maps this user to root inside.
/// </summary>
public sealed class IpcNamespace : IDisposable
{
    private readonly Process _holder;
    private readonly bool _userNamespace;

    private IpcNamespace(Process holder, bool userNamespace)
    {
        _holder = holder;
        _userNamespace = userNamespace;
    }

    /// <summary>The holder's pid (the namespace is <c>/proc/PID/ns/ipc</c>).</summary>
    public int Pid => _holder.Id;

    /// <summary>Creates the namespace.</summary>
    public static IpcNamespace Create()
    {
        bool root = Environment.UserName == "root" || geteuid() == 0;
        var psi = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (!root) { psi.ArgumentList.Add("--user"); psi.ArgumentList.Add("--map-root-user"); }
        foreach (string a in new[] { "--ipc", "--", "sleep", "86400" }) psi.ArgumentList.Add(a);
        Process holder = Process.Start(psi) ?? throw new InvalidOperationException("could not start unshare");
        var ns = new IpcNamespace(holder, !root);
        // unshare execs sleep once the namespace exists: wait until the holder's namespace differs from ours.
        string mine = ReadLink("/proc/self/ns/ipc");
        for (int i = 0; i < 500; i++)
        {
            if (holder.HasExited)
                throw new InvalidOperationException($"unshare --ipc failed ({holder.ExitCode}): {holder.StandardError.ReadToEnd()}");
            string theirs = ReadLink($"/proc/{holder.Id}/ns/ipc");
            if (theirs.Length > 0 && theirs != mine && ReadLink($"/proc/{holder.Id}/exe").EndsWith("sleep", StringComparison.Ordinal)) return ns;
            Thread.Sleep(10);
        }
        ns.Dispose();
        throw new TimeoutException("the IPC namespace holder did not start");
    }

    private static string ReadLink(string path)
    {
        try { return File.ResolveLinkTarget(path, false)?.ToString() ?? new FileInfo(path).LinkTarget ?? ""; }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    /// <summary>A start description for <paramref name="file"/> run inside the namespace.</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("nsenter") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-t");
        psi.ArgumentList.Add(Pid.ToString(CultureInfo.InvariantCulture));
        if (_userNamespace) { psi.ArgumentList.Add("--user"); psi.ArgumentList.Add("--preserve-credentials"); }
        psi.ArgumentList.Add("--ipc");
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(file);
        foreach (string a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Runs PHP code inside the namespace and waits for it.</summary>
    public PhpResult RunPhp(string code, int timeoutMs = 120_000)
    {
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-ns-{Guid.NewGuid():N}.php");
        File.WriteAllText(file, "<?php\n" + code);
        try
        {
            using Process p = Process.Start(StartInfo(PhpRunner.PhpPath, [file]))!;
            p.StandardInput.Close();
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"php in the namespace did not finish in {timeoutMs} ms");
            }
            return new PhpResult(p.ExitCode, System.Text.Encoding.UTF8.GetBytes(stdout.Result), stderr.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Whether a segment under <paramref name="key"/> exists inside the namespace.</summary>
    public bool SeesSegment(int key)
        => RunPhp($"echo @shmop_open({key}, 'a', 0, 0) === false ? 'no' : 'yes';").EnsureSuccess().StdoutText.Trim() == "yes";

    /// <summary>Whether a message queue under <paramref name="key"/> exists inside the namespace.</summary>
    public bool SeesQueue(int key)
        => RunPhp($"echo msg_queue_exists({key}) ? 'yes' : 'no';").EnsureSuccess().StdoutText.Trim() == "yes";

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_holder.HasExited) _holder.Kill(entireProcessTree: true);
            _holder.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _holder.Dispose();
    }
}
