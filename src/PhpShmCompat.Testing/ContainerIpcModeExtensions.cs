using Docker.DotNet.Models;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace PhpShmCompat.Testing;

/// <summary>
/// <c>WithIpcMode</c> for any Testcontainers builder (a .NET sidecar next to a
/// <see cref="PhpContainer"/>, for example). Testcontainers has no IPC setting of its own; the
/// mode is set on Docker's create parameters (<c>HostConfig.IpcMode</c>).
/// </summary>
public static class ContainerIpcModeExtensions
{
    /// <summary>Runs the container in <paramref name="mode"/>'s IPC namespace; joining a container
    /// given as an <see cref="IContainer"/> also makes this one depend on it (it starts first).</summary>
    /// <param name="builder">Any container builder.</param>
    /// <param name="mode">The IPC namespace.</param>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <typeparam name="TContainer">The container type it builds.</typeparam>
    /// <typeparam name="TConfiguration">Its configuration type.</typeparam>
    public static TBuilder WithIpcMode<TBuilder, TContainer, TConfiguration>(this IContainerBuilder<TBuilder, TContainer, TConfiguration> builder, ContainerIpcMode mode)
        where TBuilder : IContainerBuilder<TBuilder, TContainer, TConfiguration>
        where TContainer : IContainer
        where TConfiguration : IContainerConfiguration
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mode);
        TBuilder next = builder.WithCreateParameterModifier(parameters => Apply(parameters, mode));
        return mode.JoinedContainer is IContainer other ? next.DependsOn(other) : next;
    }

    /// <summary>Sets <c>HostConfig.IpcMode</c> for <paramref name="mode"/> on Docker's create parameters.</summary>
    internal static void Apply(CreateContainerParameters parameters, ContainerIpcMode mode)
    {
        parameters.HostConfig ??= new HostConfig();
        parameters.HostConfig.IpcMode = mode.ToDockerValue();
    }
}
