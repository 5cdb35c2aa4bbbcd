using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PhpShmCompat.Hosting.Tests.Support;

/// <summary>Hosts built from in-memory configuration, without the default sources (no appsettings, no environment).</summary>
public static class TestHost
{
    /// <summary>A builder with <paramref name="settings"/> as its configuration and captured logs.</summary>
    public static HostApplicationBuilder Builder(IDictionary<string, string?> settings, CapturingLoggerProvider? logs = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        return builder;
    }
}
