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
    private readonly string[] _extra;
    private Process? _process;

    private RedisServer(bool persistent, string[] extra)
    {
        _persistent = persistent;
        _extra = extra;
        _dir = System.IO.Directory.CreateTempSubdirectory("phpshm-redis-").FullName;
        Port = FreePort();
    }

    /// <summary>The server's directory (removed on dispose): a place for its certificate files.</summary>
    public string Directory => _dir;

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server; fails with a clear message when redis-server is not installed.</summary>
    public static RedisServer Start(bool persistent = false) => Start(persistent, []);

    /// <summary>
    /// Starts a server that takes only TLS connections (a certificate made here for 127.0.0.1,
    /// in <see cref="CertificateAuthorityFile"/>) and one user, <paramref name="user"/> with
    /// <paramref name="password"/> (the default user is off).
    /// </summary>
    public static RedisServer StartSecured(string user, string password)
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("phpshm-redis-tls-").FullName;
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        string certFile = Path.Combine(dir, "server.pem"), keyFile = Path.Combine(dir, "server.key");
        File.WriteAllText(certFile, cert.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        var server = new RedisServer(false, ["--port", "0", "--tls-port", "{port}", "--tls-cert-file", certFile, "--tls-key-file", keyFile,
            "--tls-ca-cert-file", certFile, "--tls-auth-clients", "no", "--user", "default", "off", "--user", user, "on", ">" + password, "~*", "&*", "+@all"]);
        server.CertificateAuthorityFile = certFile;
        server._certDir = dir;
        return Started(server);
    }

    private string? _certDir;

    /// <summary>With <see cref="StartSecured"/>: the PEM file clients must trust.</summary>
    public string? CertificateAuthorityFile { get; private set; }

    private static RedisServer Start(bool persistent, string[] extra)
        => Started(new RedisServer(persistent, extra));

    private static RedisServer Started(RedisServer server)
    {
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
        string port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] listen = _extra.Length > 0 ? _extra.Select(a => a == "{port}" ? port : a).ToArray() : ["--port", port];
        foreach (string a in listen.Concat(["--bind", "127.0.0.1", "--dir", _dir, "--save", ""]))
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
                if (_extra.Length > 0) return; // TLS only: a plain PING gets no answer, an accepted connection is enough
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
            try { System.IO.Directory.Delete(_dir, recursive: true); } catch (IOException) { }
            try { if (_certDir is not null) System.IO.Directory.Delete(_certDir, recursive: true); } catch (IOException) { }
        }
    }
}
