using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// A private <c>redis-server</c> on 127.0.0.1 and a free port, in a temporary directory, killed
/// and deleted on <see cref="Dispose"/>. Without persistence unless asked (a test that stops and
/// restarts the server keeps its data in an append-only file).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _dir;
    private readonly bool _persistent;
    private Process? _process;

    private RedisServer(bool persistent)
    {
        _persistent = persistent;
        _dir = Directory.CreateTempSubdirectory("phpshm-redis-").FullName;
        Port = FreePort();
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; fails with a clear message when redis-server is not installed.</summary>
    public static RedisServer Start(bool persistent = false)
    {
        var server = new RedisServer(persistent);
        try
        {
            server.StartProcess();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The redis-server binary (Debian's package puts it in /usr/bin).</summary>
    public static string Binary => File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server"
        : throw new InvalidOperationException("redis-server is not installed; ./test.sh installs Debian's redis-server");

    private void StartProcess()
    {
        var psi = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir, "--save", "" })
            psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--appendonly");
        psi.ArgumentList.Add(_persistent ? "yes" : "no");
        if (_persistent)
        {
            psi.ArgumentList.Add("--appendfsync");
            psi.ArgumentList.Add("always");
        }
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using NetworkStream s = client.GetStream();
                s.Write("PING\r\n"u8);
                var buffer = new byte[16];
                int n = s.Read(buffer);
                if (n > 0 && buffer[0] == (byte)'+') return;
            }
            catch (SocketException) { }
            catch (IOException) { }
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} on port {Port}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"redis-server did not answer on port {Port}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Stops the server at once (SIGKILL: a persistent one has fsynced every write already).</summary>
    public void Stop()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false); // SIGKILL: the append-only file is already fsynced
            _process.WaitForExit();
        }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts it again on the same port.</summary>
    public void Restart() => StartProcess();

    /// <summary>A connection that keeps retrying while the server is down.</summary>
    public ConnectionMultiplexer Connect()
    {
        var options = ConfigurationOptions.Parse(Configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 5000;
        return ConnectionMultiplexer.Connect(options);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Stop(); }
        finally
        {
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}
