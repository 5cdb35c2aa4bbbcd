using Microsoft.Extensions.Logging;

namespace PhpShmCompat.Testing;

/// <summary>How <see cref="PhpContainer.StartAsync(PhpContainerOptions, CancellationToken)"/> starts PHP.</summary>
public sealed class PhpContainerOptions
{
    /// <summary>Repository of the offline images <c>docker/php/build-local-images.sh</c> makes.</summary>
    public const string LocalImageRepository = "phpshmcompat/php";

    /// <summary>The PHP versions <c>docker/php/build-local-images.sh</c> makes images for.</summary>
    public static IReadOnlyList<string> LocalVersions { get; } = ["7.4", "8.2", "8.4"];

    /// <summary>Creates options for <paramref name="image"/>.</summary>
    /// <param name="image">A local image with <c>php</c> on its PATH and the shmop, sysvsem, sysvshm
    /// and sysvmsg extensions, for example one built from <c>docker/php/Dockerfile</c>.</param>
    public PhpContainerOptions(string image)
    {
        ValidateImageName(image);
        Image = image;
    }

    /// <summary>Options for the offline image of <paramref name="phpVersion"/> (<c>phpshmcompat/php:8.2</c>),
    /// requiring that the container's PHP is that version.</summary>
    /// <param name="phpVersion">Major.minor, for example <c>8.2</c>.</param>
    public static PhpContainerOptions ForLocalImage(string phpVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phpVersion);
        return new PhpContainerOptions(LocalImageName(phpVersion)) { ExpectedPhpVersion = phpVersion };
    }

    /// <summary>The name of the offline image for <paramref name="phpVersion"/>: <c>phpshmcompat/php:VERSION</c>.</summary>
    public static string LocalImageName(string phpVersion) => $"{LocalImageRepository}:{phpVersion}";

    /// <summary>The image to run. It must already be present: nothing is pulled.</summary>
    public string Image { get; }

    /// <summary>When set (for example <c>8.2</c>), start fails unless the container's <c>PHP_VERSION</c> starts with it.</summary>
    public string? ExpectedPhpVersion { get; init; }

    /// <summary>Run in the host's IPC namespace (<c>HostConfig.IpcMode = "host"</c>), so PHP sees the
    /// same System V segments, semaphores and queues as this process. Default true.</summary>
    public bool ShareHostIpc { get; init; } = true;

    /// <summary>How long one PHP run may take before it is abandoned. Default two minutes.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Receives Testcontainers' log; null (the default) discards it.</summary>
    public ILogger? Logger { get; init; }

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
