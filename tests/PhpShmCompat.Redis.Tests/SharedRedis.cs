using StackExchange.Redis;

namespace PhpShmCompat.Redis.Tests;

/// <summary>
/// The Redis server most tests share: the one <c>./test.sh</c> started (its address in
/// <c>PHPSHM_REDIS</c>), or else a private one started here. Each test works under key names of
/// its own (<see cref="NewPrefix"/>) and deletes them afterwards (<see cref="DeleteKeys"/>).
/// </summary>
public sealed class SharedRedis : IDisposable
{
    private readonly RedisServer? _own;

    /// <summary>Connects (starting a server when none was given).</summary>
    public SharedRedis()
    {
        string? given = Environment.GetEnvironmentVariable("PHPSHM_REDIS");
        if (string.IsNullOrEmpty(given))
        {
            _own = RedisServer.Start();
            given = _own.Configuration;
        }
        Configuration = given;
        var options = ConfigurationOptions.Parse(given);
        options.AbortOnConnectFail = false;
        Connection = ConnectionMultiplexer.Connect(options);
        int colon = given.LastIndexOf(':');
        Host = given[..colon];
        Port = int.Parse(given[(colon + 1)..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The configuration string.</summary>
    public string Configuration { get; }

    /// <summary>Host, for PHP's phpredis.</summary>
    public string Host { get; }

    /// <summary>Port, for PHP's phpredis.</summary>
    public int Port { get; }

    /// <summary>The shared connection.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "phpshmtest" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Deletes every key starting with <paramref name="prefix"/>.</summary>
    public void DeleteKeys(string prefix)
    {
        IServer server = Connection.GetServers()[0];
        RedisKey[] keys = server.Keys(pattern: prefix + "*", pageSize: 1000).ToArray();
        if (keys.Length > 0) Connection.GetDatabase().KeyDelete(keys);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Connection.Dispose();
        _own?.Dispose();
    }
}

/// <summary>Tests that share one Redis server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<SharedRedis>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis";
}

/// <summary>The bridge tests, on a server of their own collection (they run beside the mirror tests).</summary>
[CollectionDefinition(Name)]
public sealed class RedisBridgeCollection : ICollectionFixture<SharedRedis>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "redis-bridge";
}
