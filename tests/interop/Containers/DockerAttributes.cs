using PhpShmCompat.Testing;
using Xunit.Sdk;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>Why container tests cannot run here, or null when a Docker engine answers.</summary>
internal static class DockerSkip
{
    public static string? Reason => DockerEngine.IsAvailable
        ? null
        : $"No Docker engine reachable ({DockerEngine.UnavailableReason}). As root, `bash docker/php/prepare-ci.sh` installs and starts one and builds the PHP images.";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> Missing = new();

    /// <summary>Why the offline image of <paramref name="version"/> cannot be used, or null when it is there (asked once per run).</summary>
    /// <remarks>A name with a colon is a whole image name (<c>phpshmcompat/debian:bookworm</c>); <c>8.2-i386</c> is the 32-bit PHP.</remarks>
    public static string? MissingImage(string version) => Missing.GetOrAdd(version, static v =>
    {
        string image = v.Contains(':') ? v : PhpBuilder.LocalImageName(v);
        string script = v.Contains(':') ? "build-sidecar-image.sh" : v.EndsWith(PhpBuilder.I386Suffix, StringComparison.Ordinal) ? "build-i386-image.sh" : "build-local-images.sh";
        return DockerEngine.ImageExists(image)
            ? null
            : $"The Docker image {image} is missing. Run `bash docker/php/{script}` (as root) to build it offline, or `bash docker/php/prepare-ci.sh` for all of them.";
    });
}

/// <summary>
/// A fact that is skipped, with the reason, when no Docker engine is reachable or one of the
/// offline PHP images it names is missing.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when Docker or an image of <paramref name="phpVersions"/> is missing.</summary>
    public DockerFactAttribute(params string[] phpVersions)
    {
        Skip = DockerSkip.Reason;
        if (Skip is not null) return;
        foreach (string version in phpVersions)
        {
            Skip = DockerSkip.MissingImage(version);
            if (Skip is not null) return;
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when no Docker engine is reachable.</summary>
public sealed class DockerTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when Docker is missing.</summary>
    public DockerTheoryAttribute()
    {
        if (DockerSkip.Reason is string reason) Skip = reason;
    }
}

/// <summary>
/// One theory row per offline PHP image (<c>phpshmcompat/php:VERSION</c>); the row is skipped, with
/// the reason, when the engine is there but the image is not. Use one attribute per version.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class PhpImageAttribute : DataAttribute
{
    private readonly string _version;

    /// <summary>A row for PHP <paramref name="version"/> (for example <c>8.2</c>).</summary>
    public PhpImageAttribute(string version)
    {
        _version = version;
        if (DockerEngine.IsAvailable) Skip = DockerSkip.MissingImage(version); // else the theory itself is skipped
    }

    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[_version]];
}
