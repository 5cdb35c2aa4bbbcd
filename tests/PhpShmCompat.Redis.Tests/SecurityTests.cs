using PhpShmCompat.TestSupport;
using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>AUTH and TLS through the StackExchange.Redis configuration string (and a CA file for a private CA).</summary>
public sealed class SecurityTests : IDisposable
{
    private readonly IpcKeyScope _keys = new();
    private readonly RedisServer _server = RedisServer.StartSecured("bridge", "s3cret-pass");

    public void Dispose()
    {
        _server.Dispose();
        _keys.Dispose();
    }

    private string Config(string? password) =>
        $"127.0.0.1:{_server.Port},ssl=true,sslHost=127.0.0.1,user=bridge{(password is null ? "" : ",password=" + password)},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    [Fact]
    public void TheMirrorConnectsWithTlsAndAPasswordAndNotWithoutThem()
    {
        int key = _keys.NewKey();
        PhpRunner.RunCode($"$s = shm_attach({key}, 1000, 0600); sem_get({key}); shm_put_var($s, 1, 'secret state');").EnsureSuccess();
        string hex = PhpIpcException.FormatKey(key);

        using (BridgeProcess ok = BridgeProcess.Start(null, "mirror", hex, "--redis", Config("s3cret-pass"), "--redis-ca", _server.CertificateAuthorityFile!, "--once"))
        {
            Assert.Equal(0, ok.WaitForExit(TimeSpan.FromSeconds(60)));
        }
        using (BridgeProcess noPassword = BridgeProcess.Start(null, "mirror", hex, "--redis", Config(null), "--redis-ca", _server.CertificateAuthorityFile!, "--once"))
        {
            Assert.Equal(4, noPassword.WaitForExit(TimeSpan.FromSeconds(60)));
        }
        using (BridgeProcess untrusted = BridgeProcess.Start(null, "mirror", hex, "--redis", Config("s3cret-pass"), "--once"))
        {
            Assert.Equal(4, untrusted.WaitForExit(TimeSpan.FromSeconds(60)));
        }

        var options = ConfigurationOptions.Parse(Config("s3cret-pass"));
        options.TrustIssuer(_server.CertificateAuthorityFile!);
        using ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(options);
        Assert.Equal("s:12:\"secret state\";", (string?)redis.GetDatabase().HashGet(new PhpRedisKeys(key).Segment, "1"));
    }
}
