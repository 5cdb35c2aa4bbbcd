using System.Collections.Concurrent;
using PhpShmCompat.Testing;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// One running <see cref="PhpContainer"/> per PHP version, started on first use and shared by the
/// tests of the "PHP containers" collection; all are removed when the collection is done.
/// Which PHP each test used goes to the test's output, which the run's log shows under the test's
/// result (<c>containers.runsettings</c> turns xUnit's diagnostic messages on for this project).
/// </summary>
public sealed class PhpContainerPool : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PhpContainer>>> _containers = new();

    /// <summary>The running container for <paramref name="version"/>, started if need be.</summary>
    public Task<PhpContainer> GetAsync(string version)
        => _containers.GetOrAdd(version, v => new Lazy<Task<PhpContainer>>(() => StartAsync(BuilderFor(v)))).Value;

    /// <summary>The builder for an offline image tag: <c>8.2</c>, or <c>8.2-i386</c> for 32-bit PHP.</summary>
    public static PhpBuilder BuilderFor(string version)
        => version.EndsWith(PhpBuilder.I386Suffix, StringComparison.Ordinal)
            ? PhpBuilder.ForLocalI386Image(version[..^PhpBuilder.I386Suffix.Length])
            : PhpBuilder.ForLocalImage(version);

    /// <summary>Builds and starts the container; removes it again when the start fails.</summary>
    public static async Task<PhpContainer> StartAsync(PhpBuilder builder)
    {
        PhpContainer php = builder.Build();
        try
        {
            await php.StartAsync();
            return php;
        }
        catch
        {
            await php.DisposeAsync();
            throw;
        }
    }

    /// <summary>The container for <paramref name="version"/>; writes which PHP and engine the calling test uses.</summary>
    public async Task<PhpContainer> GetAsync(string version, ITestOutputHelper output)
    {
        PhpContainer php = await GetAsync(version);
        output.WriteLine($"{php.Describe()} on {DockerEngine.Info}");
        return php;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (Lazy<Task<PhpContainer>> lazy in _containers.Values)
        {
            if (!lazy.IsValueCreated) continue;
            try
            {
                await (await lazy.Value).DisposeAsync();
            }
            catch (PhpContainerException)
            {
                // It never started; StartAsync already removed it.
            }
        }
    }
}

/// <summary>The tests that share <see cref="PhpContainerPool"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PhpContainerCollection : ICollectionFixture<PhpContainerPool>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PHP containers";
}
