using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PhpShmCompat.Hosting.Tests.Support;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>Bad configuration fails when the host starts, with a message naming the setting.</summary>
[Collection(HostingCollection.Name)]
public sealed class ConfigurationTests
{
    private sealed class NoopHandler : IPhpMessageHandler
    {
        public Task HandleAsync(ProcessPhpMessageEventArgs message, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static async Task<Exception> StartFails(Dictionary<string, string?> settings, Action<HostApplicationBuilder> register)
    {
        HostApplicationBuilder builder = TestHost.Builder(settings);
        register(builder);
        using IHost host = builder.Build();
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        await host.StopAsync();
        return ex;
    }

    private static void Processor(HostApplicationBuilder b)
        => b.Services.AddPhpMessageProcessor<NoopHandler>(b.Configuration.GetSection("PhpShm:Tasks"));

    [Theory]
    [InlineData("key:12", "PhpShm:Tasks:QueueKey", "ftok:PATH:C")]
    [InlineData("0xZZ", "PhpShm:Tasks:QueueKey", "hex digits")]
    [InlineData("ftok:/no/such/file:q", "PhpShm:Tasks:QueueKey", "/no/such/file")]
    [InlineData("", "PhpShm:Tasks:QueueKey", "is required")]
    [InlineData("0", "PhpShm:Tasks:QueueKey", "IPC_PRIVATE")]
    public async Task AnUnknownKeyFormFailsTheStartNamingTheSetting(string key, string setting, string reason)
    {
        Exception ex = await StartFails(new() { ["PhpShm:Tasks:QueueKey"] = key }, Processor);
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains(validation.Failures, f => f.StartsWith(setting + ":", StringComparison.Ordinal) && f.Contains(reason));
    }

    [Fact]
    public async Task NegativeConcurrencyFailsTheStartNamingTheSetting()
    {
        using var keys = new IpcKeyScope();
        Exception ex = await StartFails(new()
        {
            ["PhpShm:Tasks:QueueKey"] = IpcKeyParser.Format(keys.NewKey()),
            ["PhpShm:Tasks:MaxConcurrentHandlers"] = "-3",
            ["PhpShm:Tasks:MaxDeliveryAttempts"] = "-1",
        }, Processor);
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("PhpShm:Tasks:MaxConcurrentHandlers: must be between 1 and 4096 (was -3)", validation.Failures);
        Assert.Contains(validation.Failures, f => f.StartsWith("PhpShm:Tasks:MaxDeliveryAttempts:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMissingQueueWithoutCreateFailsTheStartNamingTheSetting()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Exception ex = await StartFails(new() { ["PhpShm:Tasks:QueueKey"] = IpcKeyParser.Format(key) }, Processor);
        var config = Assert.IsType<PhpShmConfigurationException>(ex);
        Assert.Equal("PhpShm:Tasks:QueueKey", config.Setting);
        Assert.Contains($"no message queue exists under key {IpcKeyParser.Format(key)}", config.Message);
        Assert.Contains("PhpShm:Tasks:CreateQueueIfMissing is false", config.Message);
        Assert.False(PhpMessageQueue.Exists(key)); // and nothing was created
    }

    [Fact]
    public async Task DeadLetterActionWithoutAQueueAndABadModeFailTheStart()
    {
        using var keys = new IpcKeyScope();
        Exception ex = await StartFails(new()
        {
            ["PhpShm:Tasks:QueueKey"] = IpcKeyParser.Format(keys.NewKey()),
            ["PhpShm:Tasks:FailureAction"] = "DeadLetter",
            ["PhpShm:Tasks:Permissions"] = "0999",
        }, Processor);
        var validation = Assert.IsType<OptionsValidationException>(ex);
        Assert.Contains("PhpShm:Tasks:DeadLetterQueueKey: is required when PhpShm:Tasks:FailureAction is DeadLetter", validation.Failures);
        Assert.Contains(validation.Failures, f => f.StartsWith("PhpShm:Tasks:Permissions:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownEnumValueFailsTheStart()
    {
        Exception ex = await StartFails(new() { ["PhpShm:Tasks:QueueKey"] = "1234", ["PhpShm:Tasks:FailureAction"] = "Explode" }, Processor);
        Assert.Contains("FailureAction", ex.ToString());
    }

    [Fact]
    public async Task AMissingSegmentOrQueueWithoutCreateFailsTheStartNamingTheSetting()
    {
        using var keys = new IpcKeyScope();
        int segment = keys.NewKey(), queue = keys.NewKey();
        Exception ex = await StartFails(new() { ["Results:Key"] = IpcKeyParser.Format(segment) },
            b => b.Services.AddPhpSharedMemory(b.Configuration.GetSection("Results")));
        Assert.Equal("Results:Key", Assert.IsType<PhpShmConfigurationException>(ex).Setting);

        ex = await StartFails(new() { ["Replies:Key"] = IpcKeyParser.Format(queue) },
            b => b.Services.AddPhpMessageQueue(b.Configuration.GetSection("Replies")));
        Assert.Equal("Replies:Key", Assert.IsType<PhpShmConfigurationException>(ex).Setting);

        ex = await StartFails(new() { ["Replies:Key"] = "nope" },
            b => b.Services.AddPhpMessageQueue(b.Configuration.GetSection("Replies")));
        Assert.Contains(Assert.IsType<OptionsValidationException>(ex).Failures, f => f.StartsWith("Replies:Key:", StringComparison.Ordinal));
        Assert.False(PhpMessageQueue.Exists(queue));
    }

    [Fact]
    public void TheStandaloneProcessorChecksItsOptionsInItsConstructor()
    {
        var ex = Assert.Throws<PhpShmConfigurationException>(() => new PhpMessageProcessor(new PhpMessageProcessorOptions { QueueKey = "12", MaxConcurrentHandlers = -1 }));
        Assert.Equal("PhpMessageProcessorOptions.MaxConcurrentHandlers", ex.Setting);
        ex = Assert.Throws<PhpShmConfigurationException>(() => new PhpMessageProcessor(new PhpMessageProcessorOptions { QueueKey = "12", DeadLetterQueueKey = "0xc" }));
        Assert.Equal("PhpMessageProcessorOptions.DeadLetterQueueKey", ex.Setting);
        Assert.Contains("the processed queue itself", ex.Message);
    }

    [Fact]
    public async Task CodeConfiguredOptionsNameTheOptionsType()
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>());
        builder.Services.AddPhpMessageProcessor<NoopHandler>(o => o.QueueKey = "ftok:");
        using IHost host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(ex.Failures, f => f.StartsWith("PhpMessageProcessorOptions.QueueKey:", StringComparison.Ordinal));
    }
}
