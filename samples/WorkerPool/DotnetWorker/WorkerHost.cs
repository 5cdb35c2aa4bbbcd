using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhpShmCompat.Hosting;

namespace WorkerPool;

/// <summary>Builds the worker's host: the processor, the results segment, the replies queue, health checks.</summary>
public static class WorkerHost
{
    /// <summary>The configuration section of the worker.</summary>
    public const string Section = "WorkerPool";

    /// <summary>
    /// A host builder reading appsettings.json (next to the program, wherever it is started from),
    /// the environment and the command line, then <paramref name="overrides"/>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        AddWorker(builder.Services, builder.Configuration.GetSection(Section));
        return builder;
    }

    /// <summary>Registers the worker's services from its configuration section.</summary>
    public static void AddWorker(IServiceCollection services, IConfigurationSection section)
    {
        services.AddSingleton(new WorkerIdentity(section["Name"] ?? "dotnet"));
        services.AddSingleton<StopTask>();
        services.AddPhpMessageQueue(section.GetSection("Replies"));
        services.AddPhpSharedMemory(section.GetSection("Results"));
        services.AddHostedService<Goodbye>(); // before the processor: stopped after it
        services.AddPhpMessageProcessor<TaskHandler>(section.GetSection("Tasks"));
        services.AddHealthChecks()
            .AddPhpMessageQueueCheck(section["Tasks:QueueKey"] ?? "", maxDepth: 10_000)
            .AddPhpSharedMemoryCheck(section["Results:Key"] ?? "", maxFillRatio: 0.9);
    }
}
