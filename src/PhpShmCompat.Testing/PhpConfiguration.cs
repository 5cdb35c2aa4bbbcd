using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;

namespace PhpShmCompat.Testing;

/// <summary>
/// The settings of a <see cref="PhpBuilder"/>: Testcontainers' container configuration plus the
/// PHP version to insist on, the IPC namespace and the time one PHP run may take. Immutable;
/// every <c>With...</c> call of the builder merges a new one into a copy.
/// </summary>
public sealed class PhpConfiguration : ContainerConfiguration
{
    /// <summary>Creates a configuration with only the PHP settings given (the others unset).</summary>
    /// <param name="expectedPhpVersion">When set (for example <c>8.2</c>), start fails unless the container's <c>PHP_VERSION</c> starts with it.</param>
    /// <param name="ipcMode">The IPC namespace.</param>
    /// <param name="runTimeout">How long one run in the container may take.</param>
    public PhpConfiguration(string? expectedPhpVersion = null, ContainerIpcMode? ipcMode = null, TimeSpan? runTimeout = null)
    {
        ExpectedPhpVersion = expectedPhpVersion;
        IpcMode = ipcMode;
        RunTimeout = runTimeout;
    }

    /// <summary>Copies Testcontainers' generic resource settings.</summary>
    /// <param name="resourceConfiguration">The settings to copy.</param>
    public PhpConfiguration(IResourceConfiguration<CreateContainerParameters> resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>Copies Testcontainers' container settings.</summary>
    /// <param name="resourceConfiguration">The settings to copy.</param>
    public PhpConfiguration(IContainerConfiguration resourceConfiguration)
        : base(resourceConfiguration)
    {
    }

    /// <summary>Copies a PHP configuration.</summary>
    /// <param name="resourceConfiguration">The settings to copy.</param>
    public PhpConfiguration(PhpConfiguration resourceConfiguration)
        : this(new PhpConfiguration(), resourceConfiguration)
    {
    }

    /// <summary>Merges two configurations: a setting of <paramref name="newValue"/> wins over the same setting of <paramref name="oldValue"/>.</summary>
    /// <param name="oldValue">The configuration so far.</param>
    /// <param name="newValue">The settings to apply on top.</param>
    public PhpConfiguration(PhpConfiguration oldValue, PhpConfiguration newValue)
        : base(oldValue, newValue)
    {
        ExpectedPhpVersion = BuildConfiguration.Combine(oldValue.ExpectedPhpVersion, newValue.ExpectedPhpVersion);
        IpcMode = BuildConfiguration.Combine(oldValue.IpcMode, newValue.IpcMode);
        RunTimeout = newValue.RunTimeout ?? oldValue.RunTimeout;
    }

    /// <summary>When set (for example <c>8.2</c>), start fails unless the container's <c>PHP_VERSION</c> is that version.</summary>
    public string? ExpectedPhpVersion { get; }

    /// <summary>The IPC namespace; <see cref="ContainerIpcMode.Host"/> unless set.</summary>
    public ContainerIpcMode? IpcMode { get; }

    /// <summary>How long one run in the container may take before it is abandoned; two minutes unless set.</summary>
    public TimeSpan? RunTimeout { get; }
}
