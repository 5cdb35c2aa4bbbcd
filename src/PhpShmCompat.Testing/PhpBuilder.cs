using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace PhpShmCompat.Testing;

/// <summary>
/// Builds a <see cref="PhpContainer"/>: PHP CLI with the shmop, sysvsem, sysvshm and sysvmsg
/// extensions, idle until PHP is run in it, in the host's IPC namespace unless told otherwise.
/// A Testcontainers module like the others (image in the constructor, <c>With...</c> methods,
/// <see cref="Build"/>, then <c>StartAsync</c>):
/// <code>
/// await using PhpContainer php = new PhpBuilder("phpshmcompat/php:8.2").WithPhpVersion("8.2").Build();
/// await php.StartAsync();
/// PhpContainerResult r = await php.ExecPhpAsync("echo PHP_VERSION;");
/// </code>
/// The container has no network and runs no entrypoint of the image. Images are never pulled:
/// a missing one fails the start with a <see cref="PhpContainerException"/> that says how to
/// build it (a later <c>WithImagePullPolicy</c> overrides that). Start waits until PHP runs with
/// its four IPC extensions (and is the version asked for). Docker and Testcontainers are prepared
/// by <see cref="DockerEngine.ConfigureTestcontainers"/> first; nothing is needed in the shell.
/// </summary>
public sealed class PhpBuilder : ContainerBuilder<PhpBuilder, PhpContainer, PhpConfiguration>
{
    /// <summary>Repository of the offline images <c>docker/php/build-local-images.sh</c> makes.</summary>
    public const string LocalImageRepository = "phpshmcompat/php";

    /// <summary>Tag suffix of the 32-bit (i386) images <c>docker/php/build-i386-image.sh</c> makes (<c>phpshmcompat/php:8.2-i386</c>).</summary>
    public const string I386Suffix = "-i386";

    /// <summary>The label every container of this builder carries (stale ones are removed by <c>docker/php/prepare-ci.sh</c>).</summary>
    public const string ContainerLabel = "org.phpshmcompat.testing";

    /// <summary>The four extensions the start waits for.</summary>
    public static IReadOnlyList<string> RequiredExtensions { get; } = ["shmop", "sysvsem", "sysvshm", "sysvmsg"];

    /// <summary>The PHP versions <c>docker/php/build-local-images.sh</c> makes images for.</summary>
    public static IReadOnlyList<string> LocalVersions { get; } = ["7.4", "8.2", "8.4"];

    private static readonly TimeSpan DefaultRunTimeout = TimeSpan.FromMinutes(2);

    static PhpBuilder()
    {
        // Testcontainers reads DOCKER_API_VERSION and the reaper setting once, on first use.
        DockerEngine.TryConfigureTestcontainers();
    }

    /// <summary>Creates a builder for <paramref name="image"/>.</summary>
    /// <param name="image">A local image with <c>php</c> on its PATH and the four IPC extensions,
    /// for example <see cref="LocalImageName"/> or one built from <c>docker/php/Dockerfile</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="image"/> is not an image reference.</exception>
    public PhpBuilder(string image)
        : this(new PhpConfiguration())
    {
        ValidateImageName(image);
        DockerResourceConfiguration = Init().WithImage(image).WithImagePullPolicy(cached => RefuseMissingImage(image, cached)).DockerResourceConfiguration;
    }

    private PhpBuilder(PhpConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
        DockerResourceConfiguration = resourceConfiguration;
    }

    /// <summary>A builder for the offline image of <paramref name="phpVersion"/>
    /// (<c>phpshmcompat/php:8.2</c>) that insists on that version.</summary>
    /// <param name="phpVersion">Major.minor, for example <c>8.4</c>.</param>
    public static PhpBuilder ForLocalImage(string phpVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phpVersion);
        return new PhpBuilder(LocalImageName(phpVersion)).WithPhpVersion(phpVersion);
    }

    /// <summary>A builder for the offline 32-bit image of <paramref name="phpVersion"/> (<c>phpshmcompat/php:8.2-i386</c>).</summary>
    /// <param name="phpVersion">Major.minor; <c>docker/php/build-i386-image.sh</c> makes 8.2.</param>
    public static PhpBuilder ForLocalI386Image(string phpVersion = "8.2")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phpVersion);
        return new PhpBuilder(LocalImageName(phpVersion + I386Suffix)).WithPhpVersion(phpVersion);
    }

    /// <summary>The name of the offline image for <paramref name="tag"/>: <c>phpshmcompat/php:TAG</c>.</summary>
    /// <param name="tag">A PHP version (<c>8.2</c>) or version and architecture (<c>8.2-i386</c>).</param>
    public static string LocalImageName(string tag) => $"{LocalImageRepository}:{tag}";

    /// <inheritdoc />
    protected override PhpConfiguration DockerResourceConfiguration { get; }

    /// <summary>Start fails unless the container's <c>PHP_VERSION</c> is <paramref name="phpVersion"/> (a prefix such as <c>8.2</c>).</summary>
    /// <param name="phpVersion">For example <c>8.2</c> or <c>8.2.28</c>.</param>
    public PhpBuilder WithPhpVersion(string phpVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phpVersion);
        return Merge(DockerResourceConfiguration, new PhpConfiguration(expectedPhpVersion: phpVersion));
    }

    /// <summary>The IPC namespace the container runs in (default <see cref="ContainerIpcMode.Host"/>).</summary>
    /// <param name="mode">Host, private, shareable, or another container's.</param>
    public PhpBuilder WithIpcMode(ContainerIpcMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        PhpBuilder next = Merge(DockerResourceConfiguration, new PhpConfiguration(ipcMode: mode));
        return mode.JoinedContainer is IContainer other ? next.DependsOn(other) : next;
    }

    /// <summary>How long one run in the container may take before it is abandoned (default two minutes).</summary>
    /// <param name="timeout">A positive time.</param>
    public PhpBuilder WithRunTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return Merge(DockerResourceConfiguration, new PhpConfiguration(runTimeout: timeout));
    }

    /// <inheritdoc />
    public override PhpContainer Build()
    {
        Validate();
        ContainerIpcMode ipc = DockerResourceConfiguration.IpcMode ?? ContainerIpcMode.Host;
        PhpBuilder final = WithCreateParameterModifier(parameters => ApplyHostConfig(parameters, ipc))
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new PhpReadinessCheck(DockerResourceConfiguration.ExpectedPhpVersion)));
        return new PhpContainer(final.DockerResourceConfiguration);
    }

    /// <inheritdoc />
    protected override PhpBuilder Init()
    {
        return base.Init()
            // Idle until stopped; exit at once on SIGTERM. Overrides the image's entrypoint and command.
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand("trap 'exit 0' TERM INT; sleep infinity & wait")
            .WithLabel(ContainerLabel, "php")
            // Quiet unless the caller passes a logger of its own (WithLogger).
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
            .WithRunTimeout(DefaultRunTimeout);
    }

    /// <inheritdoc />
    protected override void Validate()
    {
        base.Validate();
        if (DockerResourceConfiguration.RunTimeout is not { } timeout || timeout <= TimeSpan.Zero)
            throw new ArgumentException("the run timeout must be positive", nameof(DockerResourceConfiguration.RunTimeout));
    }

    /// <inheritdoc />
    protected override PhpBuilder Clone(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        => Merge(DockerResourceConfiguration, new PhpConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override PhpBuilder Clone(IContainerConfiguration resourceConfiguration)
        => Merge(DockerResourceConfiguration, new PhpConfiguration(resourceConfiguration));

    /// <inheritdoc />
    protected override PhpBuilder Merge(PhpConfiguration oldValue, PhpConfiguration newValue)
        => new(new PhpConfiguration(oldValue, newValue));

    private static void ApplyHostConfig(CreateContainerParameters parameters, ContainerIpcMode ipc)
    {
        parameters.HostConfig ??= new HostConfig();
        parameters.HostConfig.NetworkMode = "none";
        ContainerIpcModeExtensions.Apply(parameters, ipc);
    }

    // Called with null when the image is not on the engine: fail with the fix instead of pulling.
    private static bool RefuseMissingImage(string image, ImageInspectResponse? cached)
    {
        if (cached is not null) return false;
        throw new PhpContainerException(
            $"the image {image} is not on the Docker engine ({DockerEngine.Info}); nothing is pulled. " +
            "Make the offline images with `bash docker/php/build-local-images.sh` (32-bit: `bash docker/php/build-i386-image.sh`), or build docker/php/Dockerfile.");
    }

    /// <summary>Throws unless <paramref name="image"/> looks like an image reference (no spaces, no path tricks).</summary>
    internal static void ValidateImageName(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        foreach (char c in image)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-' or '/' or ':' or '@';
            if (!ok) throw new ArgumentException($"'{image}' is not a Docker image reference (character '{c}')", nameof(image));
        }
        if (image.Contains("..", StringComparison.Ordinal) || image.StartsWith('/'))
            throw new ArgumentException($"'{image}' is not a Docker image reference", nameof(image));
    }
}
