using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PhpShmCompat.Hosting.Tests.Support;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>Queue depth and segment health through <see cref="HealthCheckService"/>.</summary>
[Collection(HostingCollection.Name)]
public sealed class HealthCheckTests
{
    private static async Task<HealthReport> Check(Action<IHealthChecksBuilder> add)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        add(services.AddHealthChecks());
        await using ServiceProvider provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    [Fact]
    public async Task QueueDepthIsComparedWithTheLimit()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = IpcKeyParser.Format(key);

        HealthReport missing = await Check(b => b.AddPhpMessageQueueCheck(k, maxDepth: 2));
        Assert.Equal(HealthStatus.Unhealthy, missing.Status);
        Assert.Contains("no message queue", missing.Entries["php-message-queue"].Description);
        Assert.False(PhpMessageQueue.Exists(key)); // the check created nothing

        Php.Send(key, 1, "1", "2");
        HealthReport ok = await Check(b => b.AddPhpMessageQueueCheck(k, maxDepth: 2));
        Assert.Equal(HealthStatus.Healthy, ok.Status);
        Assert.Equal(2L, ok.Entries["php-message-queue"].Data["depth"]);

        Php.Send(key, 1, "3");
        HealthReport over = await Check(b => b.AddPhpMessageQueueCheck(k, maxDepth: 2, failureStatus: HealthStatus.Degraded));
        Assert.Equal(HealthStatus.Degraded, over.Status);
        Assert.Contains("3 messages, over the limit of 2", over.Entries["php-message-queue"].Description);

        HealthReport badKey = await Check(b => b.AddPhpMessageQueueCheck("ftok:/no/such/file:q", maxDepth: 2));
        Assert.Equal(HealthStatus.Unhealthy, badKey.Status);
    }

    [Fact]
    public async Task SegmentValidityAndFillAreChecked()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string k = IpcKeyParser.Format(key);

        Assert.Equal(HealthStatus.Unhealthy, (await Check(b => b.AddPhpSharedMemoryCheck(k))).Status);

        Php.Run($"shm_put_var(shm_attach({key}, 2000, 0600), 1, str_repeat('x', 100));");
        HealthReport ok = await Check(b => b.AddPhpSharedMemoryCheck(k, maxFillRatio: 0.5));
        HealthReportEntry entry = ok.Entries["php-shared-memory"];
        Assert.Equal(HealthStatus.Healthy, ok.Status);
        Assert.Equal(1, entry.Data["variables"]);
        Assert.True((long)entry.Data["bytesUsed"] > 100);
        Assert.Equal((long)entry.Data["bytesTotal"], (long)entry.Data["bytesUsed"] + (long)entry.Data["bytesFree"]);

        Php.Run($"shm_put_var(shm_attach({key}, 2000, 0600), 2, str_repeat('y', 1200));");
        HealthReport full = await Check(b => b.AddPhpSharedMemoryCheck(k, maxFillRatio: 0.5));
        Assert.Equal(HealthStatus.Unhealthy, full.Status);
        Assert.Contains("over the limit of 50", full.Entries["php-shared-memory"].Description);

        using (var raw = ShmopSegment.Open(key, ShmopMode.Write))
            raw.Write(0, "garbage!garbage!garbage!"u8); // PHP's header overwritten
        HealthReport corrupt = await Check(b => b.AddPhpSharedMemoryCheck(k));
        Assert.Equal(HealthStatus.Unhealthy, corrupt.Status);
        Assert.Contains("not a valid PHP sysvshm segment", corrupt.Entries["php-shared-memory"].Description);
    }
}
