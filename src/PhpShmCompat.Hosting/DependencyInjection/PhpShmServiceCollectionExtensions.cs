using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Registration of PHP's IPC objects and of queue processors. Options are bound from
/// configuration or set in code, and checked when the host starts: a wrong key form, a value out
/// of range or an object that does not exist (and may not be created) fails the start with an
/// error naming the setting.
/// </summary>
public static class PhpShmServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="PhpMessageProcessor"/> that hands each message to a scoped
    /// <typeparamref name="THandler"/>, run by <see cref="PhpMessageProcessorHostedService{THandler}"/>
    /// and configured from <paramref name="configuration"/> (a section with <c>QueueKey</c>,
    /// <c>DesiredType</c>, <c>MaxConcurrentHandlers</c>, ...).
    /// </summary>
    public static IServiceCollection AddPhpMessageProcessor<THandler>(this IServiceCollection services, IConfiguration configuration)
        where THandler : class, IPhpMessageHandler
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddProcessor<THandler>(services, PrefixOf(configuration), b => b.Bind(configuration));
    }

    /// <summary>Registers a processor for <typeparamref name="THandler"/> configured in code.</summary>
    public static IServiceCollection AddPhpMessageProcessor<THandler>(this IServiceCollection services, Action<PhpMessageProcessorOptions> configure)
        where THandler : class, IPhpMessageHandler
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddProcessor<THandler>(services, nameof(PhpMessageProcessorOptions) + ".", b => b.Configure(configure));
    }

    /// <summary>
    /// Registers the sysvshm segment and its semaphore as a singleton <see cref="PhpSharedSegment"/>
    /// (and its <see cref="PhpLockedSegment"/>), configured from <paramref name="configuration"/>
    /// (<c>Key</c>, <c>SemaphoreKey</c>, <c>Size</c>, <c>CreateIfMissing</c>, <c>Permissions</c>).
    /// </summary>
    public static IServiceCollection AddPhpSharedMemory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddSharedMemory(services, PrefixOf(configuration), b => b.Bind(configuration));
    }

    /// <summary>Registers the sysvshm segment and its semaphore, configured in code.</summary>
    public static IServiceCollection AddPhpSharedMemory(this IServiceCollection services, Action<PhpSharedMemoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddSharedMemory(services, nameof(PhpSharedMemoryOptions) + ".", b => b.Configure(configure));
    }

    /// <summary>
    /// Registers a singleton <see cref="PhpMessageQueue"/> (for sending, or reading with
    /// <see cref="PhpMessageQueue.ReadAllAsync"/>), configured from <paramref name="configuration"/>
    /// (<c>Key</c>, <c>CreateIfMissing</c>, <c>Permissions</c>).
    /// </summary>
    public static IServiceCollection AddPhpMessageQueue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddQueue(services, PrefixOf(configuration), b => b.Bind(configuration));
    }

    /// <summary>Registers a singleton <see cref="PhpMessageQueue"/> configured in code.</summary>
    public static IServiceCollection AddPhpMessageQueue(this IServiceCollection services, Action<PhpMessageQueueOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddQueue(services, nameof(PhpMessageQueueOptions) + ".", b => b.Configure(configure));
    }

    private static IServiceCollection AddProcessor<THandler>(IServiceCollection services, string prefix,
        Action<OptionsBuilder<PhpMessageProcessorOptions>> configure)
        where THandler : class, IPhpMessageHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        string name = PhpMessageProcessorHostedService<THandler>.OptionsName;
        AddCommon(services).Set(typeof(PhpMessageProcessorOptions), name, prefix);
        OptionsBuilder<PhpMessageProcessorOptions> builder = services.AddOptions<PhpMessageProcessorOptions>(name);
        configure(builder);
        builder.ValidateOnStart();
        services.AddSingleton<IValidateOptions<PhpMessageProcessorOptions>>(sp => new ProcessorOptionsValidator(name, sp.GetRequiredService<SettingPrefixes>()));
        services.TryAddScoped<THandler>();
        services.TryAddSingleton<PhpMessageProcessorHostedService<THandler>>();
        services.AddHostedService(sp => sp.GetRequiredService<PhpMessageProcessorHostedService<THandler>>());
        return services;
    }

    private static IServiceCollection AddSharedMemory(IServiceCollection services, string prefix, Action<OptionsBuilder<PhpSharedMemoryOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCommon(services).Set(typeof(PhpSharedMemoryOptions), Options.DefaultName, prefix);
        OptionsBuilder<PhpSharedMemoryOptions> builder = services.AddOptions<PhpSharedMemoryOptions>();
        configure(builder);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PhpSharedMemoryOptions>, SharedMemoryOptionsValidator>());
        services.TryAddSingleton(sp => OpenSegment(sp.GetRequiredService<IOptions<PhpSharedMemoryOptions>>().Value,
            sp.GetRequiredService<SettingPrefixes>().For(typeof(PhpSharedMemoryOptions), Options.DefaultName), sp.GetRequiredService<PhpShmMetrics>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<PhpSharedSegment>().Locked);
        services.Configure<PhpShmStartupList>(l => { if (!l.Services.Contains(typeof(PhpSharedSegment))) l.Services.Add(typeof(PhpSharedSegment)); });
        return services;
    }

    private static IServiceCollection AddQueue(IServiceCollection services, string prefix, Action<OptionsBuilder<PhpMessageQueueOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCommon(services).Set(typeof(PhpMessageQueueOptions), Options.DefaultName, prefix);
        OptionsBuilder<PhpMessageQueueOptions> builder = services.AddOptions<PhpMessageQueueOptions>();
        configure(builder);
        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PhpMessageQueueOptions>, QueueOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            PhpMessageQueue queue = OpenQueue(sp.GetRequiredService<IOptions<PhpMessageQueueOptions>>().Value,
                sp.GetRequiredService<SettingPrefixes>().For(typeof(PhpMessageQueueOptions), Options.DefaultName));
            sp.GetRequiredService<PhpShmMetrics>().TrackQueue(queue);
            return queue;
        });
        services.Configure<PhpShmStartupList>(l => { if (!l.Services.Contains(typeof(PhpMessageQueue))) l.Services.Add(typeof(PhpMessageQueue)); });
        return services;
    }

    private static SettingPrefixes AddCommon(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<PhpShmMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PhpShmStartup>());
        var prefixes = (SettingPrefixes?)services.FirstOrDefault(d => d.ServiceType == typeof(SettingPrefixes))?.ImplementationInstance;
        if (prefixes is null)
        {
            prefixes = new SettingPrefixes();
            services.AddSingleton(prefixes);
        }
        return prefixes;
    }

    private static string PrefixOf(IConfiguration configuration)
        => configuration is IConfigurationSection section && section.Path.Length > 0 ? section.Path + ":" : "";

    private static PhpMessageQueue OpenQueue(PhpMessageQueueOptions options, string prefix)
    {
        var check = new SettingsCheck(prefix);
        check.Key(nameof(options.Key), options.Key, out int key);
        IpcPermissions permissions = check.Permissions(nameof(options.Permissions), options.Permissions);
        check.ThrowIfFailed();
        string setting = check.Name(nameof(options.Key));
        if (!options.CreateIfMissing && !PhpMessageQueue.Exists(key))
            throw new PhpShmConfigurationException(setting,
                $"no message queue exists under key {IpcKeyParser.Format(key)} ('{options.Key}') and {check.Name(nameof(options.CreateIfMissing))} is false");
        try
        {
            return PhpMessageQueue.Get(key, permissions);
        }
        catch (PhpIpcException ex)
        {
            throw new PhpShmConfigurationException(setting, $"cannot open the queue under key {IpcKeyParser.Format(key)}: {ex.Message}", ex);
        }
    }

    private static PhpSharedSegment OpenSegment(PhpSharedMemoryOptions options, string prefix, PhpShmMetrics metrics)
    {
        var check = new SettingsCheck(prefix);
        check.Key(nameof(options.Key), options.Key, out int key);
        int semaphoreKey = key;
        if (!string.IsNullOrWhiteSpace(options.SemaphoreKey)) check.Key(nameof(options.SemaphoreKey), options.SemaphoreKey, out semaphoreKey);
        IpcPermissions permissions = check.Permissions(nameof(options.Permissions), options.Permissions);
        check.ThrowIfFailed();
        string setting = check.Name(nameof(options.Key));
        PhpSharedMemory memory;
        try
        {
            memory = options.CreateIfMissing ? PhpSharedMemory.Attach(key, options.Size, permissions) : PhpSharedMemory.Open(key);
        }
        catch (PhpIpcNotFoundException ex)
        {
            throw new PhpShmConfigurationException(setting,
                $"no shared memory segment exists under key {IpcKeyParser.Format(key)} ('{options.Key}') and {check.Name(nameof(options.CreateIfMissing))} is false", ex);
        }
        catch (PhpIpcException ex)
        {
            throw new PhpShmConfigurationException(setting, $"cannot attach the segment under key {IpcKeyParser.Format(key)}: {ex.Message}", ex);
        }
        try
        {
            PhpSemaphore semaphore = PhpSemaphore.Get(semaphoreKey, 1, permissions);
            return new PhpSharedSegment(new PhpLockedSegment(memory, semaphore, ownsHandles: true), metrics);
        }
        catch (PhpIpcException ex)
        {
            memory.Dispose();
            throw new PhpShmConfigurationException(check.Name(nameof(options.SemaphoreKey)),
                $"cannot get the semaphore under key {IpcKeyParser.Format(semaphoreKey)}: {ex.Message}", ex);
        }
    }
}
