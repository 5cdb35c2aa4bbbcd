using DotNet.Testcontainers.Containers;

namespace PhpShmCompat.Testing;

/// <summary>
/// Which System V IPC namespace a container gets (Docker's <c>HostConfig.IpcMode</c>). Segments,
/// semaphores and queues are visible exactly to the processes of one namespace:
/// <list type="bullet">
/// <item><see cref="Host"/>: the host's namespace, shared with this test process (<c>--ipc=host</c>).</item>
/// <item><see cref="Private"/>: a namespace of its own that no other container can join.</item>
/// <item><see cref="Shareable"/>: a namespace of its own that other containers may join.</item>
/// <item><see cref="Container(IContainer)"/>: the namespace of another (shareable) container, as
/// the containers of one Kubernetes pod share theirs (<c>--ipc=container:ID</c>).</item>
/// </list>
/// </summary>
public sealed class ContainerIpcMode
{
    private readonly string? _fixed;
    private readonly Func<string>? _containerId;

    private readonly string? _description;

    private ContainerIpcMode(string? fixedValue, Func<string>? containerId, string? description)
    {
        _fixed = fixedValue;
        _containerId = containerId;
        _description = description;
    }

    /// <summary>The host's IPC namespace (<c>host</c>): the test process sees every object the container makes.</summary>
    public static ContainerIpcMode Host { get; } = new("host", null, "host");

    /// <summary>A private namespace (<c>private</c>) that no other container can join.</summary>
    public static ContainerIpcMode Private { get; } = new("private", null, "private");

    /// <summary>A namespace of the container's own (<c>shareable</c>) that other containers can join.</summary>
    public static ContainerIpcMode Shareable { get; } = new("shareable", null, "shareable");

    /// <summary>
    /// The namespace of <paramref name="container"/> (<c>container:ID</c>), which must run with
    /// <see cref="Shareable"/>. Its id is read when this container is created, so the other one
    /// may be built but not yet started; <see cref="ContainerIpcModeExtensions.WithIpcMode{TBuilder, TContainer, TConfiguration}"/>
    /// makes this container depend on it, which starts it first.
    /// </summary>
    /// <param name="container">The container whose namespace to join.</param>
    public static ContainerIpcMode Container(IContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return new ContainerIpcMode(null, () => container.Id, null) { JoinedContainer = container };
    }

    /// <summary>The namespace of the running container with this id or name (<c>container:ID</c>).</summary>
    /// <param name="idOrName">A container id or name.</param>
    public static ContainerIpcMode Container(string idOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        foreach (char c in idOrName)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
                throw new ArgumentException($"'{idOrName}' is not a container id or name (character '{c}')", nameof(idOrName));
        }
        return new ContainerIpcMode("container:" + idOrName, null, "container:" + idOrName);
    }

    /// <summary>
    /// Parses Docker's own spelling: <c>host</c>, <c>private</c>, <c>shareable</c> or <c>container:ID</c>.
    /// </summary>
    /// <param name="value">The mode as <c>docker run --ipc</c> takes it.</param>
    /// <exception cref="ArgumentException">Not one of those.</exception>
    public static ContainerIpcMode Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return value switch
        {
            "host" => Host,
            "private" => Private,
            "shareable" => Shareable,
            _ when value.StartsWith("container:", StringComparison.Ordinal) => Container(value["container:".Length..]),
            _ => throw new ArgumentException($"'{value}' is not an IPC mode (host, private, shareable or container:ID)", nameof(value)),
        };
    }

    /// <summary>The container whose namespace this mode joins, when it was given as an <see cref="IContainer"/>.</summary>
    public IContainer? JoinedContainer { get; private init; }

    /// <summary>True for <see cref="Host"/>: objects made in the container are the test process's own.</summary>
    public bool IsHost => ReferenceEquals(this, Host);

    /// <summary>How the mode reads in logs (<c>host</c>, <c>shareable</c>, <c>container:NAME</c>).</summary>
    public string Description => _description ?? (_containerId!() is { Length: >= 12 } id ? "container:" + id[..12] : "container:(not created yet)");

    /// <summary>The value for <c>HostConfig.IpcMode</c>; for a joined container, its id at this moment.</summary>
    /// <exception cref="InvalidOperationException">The joined container has not been created yet.</exception>
    public string ToDockerValue()
    {
        if (_fixed is not null) return _fixed;
        string id = _containerId!();
        if (string.IsNullOrEmpty(id))
            throw new InvalidOperationException($"the container to join ({Description}) has no id yet: start it first");
        return "container:" + id;
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}
