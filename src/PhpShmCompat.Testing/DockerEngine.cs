using System.Runtime.CompilerServices;

namespace PhpShmCompat.Testing;

/// <summary>
/// Finds the Docker engine (<c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c>) and prepares
/// Testcontainers for it, so callers need nothing in their shell:
/// <list type="bullet">
/// <item>Testcontainers 4.16 speaks Docker API 1.44; older engines (Debian 12's 20.10 speaks 1.41)
/// refuse it. When the engine is older and <c>DOCKER_API_VERSION</c> is unset, it is set to the
/// engine's own API version.</item>
/// <item>Testcontainers' resource reaper (Ryuk) needs an image from a registry. Unless
/// <c>TESTCONTAINERS_RYUK_DISABLED</c> is set, it is disabled; <see cref="PhpContainer"/> removes
/// its containers itself.</item>
/// </list>
/// Both are read by Testcontainers once, on its first use in the process, so
/// <see cref="ConfigureTestcontainers"/> must run before any other Testcontainers call;
/// the first use of <see cref="PhpBuilder"/> calls it.
/// </summary>
public static class DockerEngine
{
    /// <summary>The Docker API version Testcontainers 4.16 asks for when nothing else is configured.</summary>
    public static readonly Version TestcontainersDefaultApiVersion = new(1, 44);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly Lazy<(DockerEngineInfo? Info, string? Reason)> Probed = new(Probe);
    private static readonly object ConfigureLock = new();
    private static bool _configured;

    /// <summary>The engine found on first use, or null when none is reachable (see <see cref="UnavailableReason"/>).</summary>
    public static DockerEngineInfo? Info => Probed.Value.Info;

    /// <summary>True when a Docker engine answered.</summary>
    public static bool IsAvailable => Probed.Value.Info is not null;

    /// <summary>Why no engine is usable (for skip messages), or null when one is.</summary>
    public static string? UnavailableReason => Probed.Value.Reason;

    /// <summary>True when the engine has <paramref name="image"/> locally (no pull is attempted).</summary>
    /// <exception cref="PhpContainerException">No engine is reachable or it answered with an error.</exception>
    public static bool ImageExists(string image)
    {
        PhpBuilder.ValidateImageName(image);
        return Ask(client => client.ImageExists(image));
    }

    /// <summary>True when a container with this id or name exists, running or stopped (for checking clean-up).</summary>
    /// <exception cref="PhpContainerException">No engine is reachable or it answered with an error.</exception>
    public static bool ContainerExists(string idOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        return Ask(client => client.ContainerExists(idOrName));
    }

    private static bool Ask(Func<DockerEngineClient, bool> question)
    {
        using DockerEngineClient client = DockerEngineClient.Create(ProbeTimeout, out string? reason)
            ?? throw new PhpContainerException(reason ?? "no Docker engine endpoint");
        try
        {
            return question(client);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw new PhpContainerException($"no Docker engine answered at {client.Endpoint}: {e.Message}", e);
        }
    }

    /// <summary>
    /// <see cref="ConfigureTestcontainers"/> when an engine is reachable; false (and nothing set)
    /// when none is or Testcontainers was initialised too early (a start then fails with
    /// Docker's own message).
    /// </summary>
    public static bool TryConfigureTestcontainers()
    {
        if (!IsAvailable) return false;
        try
        {
            ConfigureTestcontainers();
            return true;
        }
        catch (PhpContainerException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sets <c>DOCKER_API_VERSION</c> (engine older than API 1.44 only) and disables Ryuk, each
    /// only when the caller has not set it, then checks that Testcontainers picked the version up.
    /// Safe to call more than once and from several threads.
    /// </summary>
    /// <exception cref="PhpContainerException">No engine is reachable, or Testcontainers was
    /// already initialised with an API version the engine refuses.</exception>
    public static void ConfigureTestcontainers()
    {
        lock (ConfigureLock)
        {
            if (_configured) return;
            DockerEngineInfo info = Info ?? throw new PhpContainerException(UnavailableReason ?? "no Docker engine reachable");
            if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null && info.ApiVersion < TestcontainersDefaultApiVersion)
            {
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", info.ApiVersion.ToString(2));
            }
            if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null)
            {
                Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
            }
            // Only now may Testcontainers types load: they read the variables in static constructors.
            Version used = ApplyToTestcontainers();
            if (used > info.ApiVersion)
            {
                throw new PhpContainerException(
                    $"Testcontainers uses Docker API {used} but the {info} speaks at most {info.ApiVersion}. " +
                    $"Testcontainers was initialised before PhpShmCompat.Testing could set DOCKER_API_VERSION: " +
                    $"call DockerEngine.ConfigureTestcontainers() before any other Testcontainers call, or set DOCKER_API_VERSION={info.ApiVersion.ToString(2)}.");
            }
            _configured = true;
        }
    }

    // Kept out of line so no Testcontainers type is touched before the environment is set.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Version ApplyToTestcontainers()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            DotNet.Testcontainers.Configurations.TestcontainersSettings.ResourceReaperEnabled = false;
        }
        return new DotNet.Testcontainers.Configurations.DockerEndpointAuthenticationConfiguration(new Uri("unix:///var/run/docker.sock")).Version;
    }

    private static (DockerEngineInfo?, string?) Probe()
    {
        using DockerEngineClient? client = DockerEngineClient.Create(ProbeTimeout, out string? reason);
        if (client is null) return (null, reason);
        DockerEngineInfo? info = client.GetVersion(out reason);
        return (info, reason);
    }
}
