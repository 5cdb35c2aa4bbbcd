using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PhpShmCompat.Hosting;

/// <summary>The IPC objects registered with <c>AddPhpSharedMemory</c>/<c>AddPhpMessageQueue</c>, to open when the host starts.</summary>
internal sealed class PhpShmStartupList
{
    internal List<Type> Services { get; } = [];
}

/// <summary>
/// Opens the registered segments and queues when the host starts, so a missing object or a
/// wrong key fails the start (naming the setting) instead of the first request.
/// </summary>
internal sealed class PhpShmStartup(IServiceProvider services, Microsoft.Extensions.Options.IOptions<PhpShmStartupList> list) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (Type type in list.Value.Services) services.GetRequiredService(type);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
