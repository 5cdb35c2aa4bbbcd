using Xunit;

namespace PhpShmCompat.Testing.Xunit;

/// <summary>
/// An xUnit fixture that starts one <see cref="PhpContainer"/> for a test class
/// (<c>IClassFixture&lt;T&gt;</c>) or collection (<c>ICollectionFixture&lt;T&gt;</c>) and removes it
/// afterwards. Derive from it, or from <see cref="Php74ContainerFixture"/>,
/// <see cref="Php82ContainerFixture"/>, <see cref="Php84ContainerFixture"/> or
/// <see cref="Php82I386ContainerFixture"/>, and override <see cref="Configure"/> to change the
/// builder (an IPC mode, a run timeout):
/// <code>
/// public sealed class MyPhp : Php82ContainerFixture { }
/// public sealed class MyTests(MyPhp php) : IClassFixture&lt;MyPhp&gt;
/// {
///     [Fact] public async Task Runs() => (await php.Container.ExecPhpAsync("echo 1;")).EnsureSuccess();
/// }
/// </code>
/// </summary>
public abstract class PhpContainerFixture : IAsyncLifetime
{
    private readonly Func<PhpBuilder> _builder;
    private PhpContainer? _container;

    /// <summary>A fixture for the offline image of <paramref name="phpVersion"/> (<see cref="PhpBuilder.ForLocalImage"/>).</summary>
    /// <param name="phpVersion">Major.minor, for example <c>8.2</c>.</param>
    protected PhpContainerFixture(string phpVersion)
        : this(() => PhpBuilder.ForLocalImage(phpVersion))
    {
    }

    /// <summary>A fixture for the builder <paramref name="builder"/> makes (called once, at initialisation).</summary>
    /// <param name="builder">Makes the builder, for example <c>() => new PhpBuilder("my/php:8.3")</c>.</param>
    protected PhpContainerFixture(Func<PhpBuilder> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        _builder = builder;
    }

    /// <summary>The running container.</summary>
    /// <exception cref="InvalidOperationException">Used before xUnit initialised the fixture.</exception>
    public PhpContainer Container => _container ?? throw new InvalidOperationException("the PHP container fixture is not initialised yet");

    /// <summary>Changes the builder before the container is built; the default returns it unchanged.</summary>
    /// <param name="builder">The builder for the fixture's image.</param>
    protected virtual PhpBuilder Configure(PhpBuilder builder) => builder;

    /// <summary>Builds and starts the container.</summary>
    public virtual async Task InitializeAsync()
    {
        PhpContainer container = Configure(_builder()).Build();
        try
        {
            await container.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _container = container;
    }

    /// <summary>Removes the container.</summary>
    public virtual async Task DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>PHP 7.4 (<c>phpshmcompat/php:7.4</c>) in the host's IPC namespace, for deriving your own fixture.</summary>
public class Php74ContainerFixture() : PhpContainerFixture("7.4");

/// <summary>PHP 8.2 (<c>phpshmcompat/php:8.2</c>) in the host's IPC namespace, for deriving your own fixture.</summary>
public class Php82ContainerFixture() : PhpContainerFixture("8.2");

/// <summary>PHP 8.4 (<c>phpshmcompat/php:8.4</c>) in the host's IPC namespace, for deriving your own fixture.</summary>
public class Php84ContainerFixture() : PhpContainerFixture("8.4");

/// <summary>32-bit PHP 8.2 (<c>phpshmcompat/php:8.2-i386</c>, <c>PHP_INT_SIZE</c> 4) in the host's IPC namespace.</summary>
public class Php82I386ContainerFixture() : PhpContainerFixture(() => PhpBuilder.ForLocalI386Image("8.2"));
