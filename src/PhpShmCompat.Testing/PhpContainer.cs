using System.Runtime.CompilerServices;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Microsoft.Extensions.Logging.Abstractions;

namespace PhpShmCompat.Testing;

/// <summary>
/// PHP in a Docker container that shares this host's System V IPC namespace
/// (<c>--ipc=host</c>, no network), for tests where PHP and .NET use the same segments,
/// semaphores and queues. Start one with <see cref="StartAsync(string, CancellationToken)"/>,
/// run PHP in it with <see cref="RunPhpAsync"/>, and dispose it to remove the container:
/// <code>
/// await using PhpContainer php = await PhpContainer.StartAsync("8.2");
/// PhpContainerResult r = await php.RunPhpAsync("echo PHP_VERSION;");
/// </code>
/// Docker and Testcontainers are prepared by <see cref="DockerEngine.ConfigureTestcontainers"/>;
/// no environment variables are needed. One container can serve many runs, also concurrently.
/// </summary>
public sealed class PhpContainer : IAsyncDisposable
{
    private const string ContainerLabel = "org.phpshmcompat.testing";
    private static readonly string[] RequiredExtensions = ["shmop", "sysvsem", "sysvshm", "sysvmsg"];

    private readonly IContainer _container;
    private readonly TimeSpan _runTimeout;
    private int _disposed;

    private PhpContainer(IContainer container, string image, TimeSpan runTimeout)
    {
        _container = container;
        Image = image;
        _runTimeout = runTimeout;
    }

    /// <summary>The image the container runs.</summary>
    public string Image { get; }

    /// <summary>The container's <c>PHP_VERSION</c>, for example <c>8.2.28</c>.</summary>
    public string PhpVersion { get; private set; } = "";

    /// <summary>The Docker container id.</summary>
    public string ContainerId => _container.Id;

    /// <summary>
    /// Starts the offline image of <paramref name="phpVersion"/> (<c>phpshmcompat/php:7.4</c>,
    /// <c>:8.2</c> or <c>:8.4</c>, made by <c>docker/php/build-local-images.sh</c>).
    /// </summary>
    /// <param name="phpVersion">Major.minor, for example <c>8.4</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="PhpContainerException">No engine, no such image, or PHP is not as required.</exception>
    public static Task<PhpContainer> StartAsync(string phpVersion, CancellationToken cancellationToken = default)
        => StartAsync(PhpContainerOptions.ForLocalImage(phpVersion), cancellationToken);

    /// <summary>Starts a container from <see cref="PhpContainerOptions.Image"/> and checks its PHP.</summary>
    /// <param name="options">Image and settings.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="PhpContainerException">No engine, no such image, or PHP lacks the IPC
    /// extensions or is not <see cref="PhpContainerOptions.ExpectedPhpVersion"/>.</exception>
    public static async Task<PhpContainer> StartAsync(PhpContainerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        DockerEngine.ConfigureTestcontainers();
        if (!DockerEngine.ImageExists(options.Image))
        {
            throw new PhpContainerException(
                $"the image {options.Image} is not on the Docker engine ({DockerEngine.Info}); nothing is pulled. " +
                "Make the offline images with `bash docker/php/build-local-images.sh`, or build docker/php/Dockerfile.");
        }

        PhpContainer php = Create(options);
        try
        {
            await php._container.StartAsync(cancellationToken).ConfigureAwait(false);
            await php.CheckPhpAsync(options.ExpectedPhpVersion, cancellationToken).ConfigureAwait(false);
            return php;
        }
        catch
        {
            await php.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Out of line: Testcontainers types load only after ConfigureTestcontainers set the environment.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PhpContainer Create(PhpContainerOptions options)
    {
        bool shareIpc = options.ShareHostIpc;
        IContainer container = new ContainerBuilder(options.Image)
            // Idle until stopped; exit at once on SIGTERM. Overrides the image's entrypoint and command.
            .WithEntrypoint("/bin/sh", "-c")
            .WithCommand("trap 'exit 0' TERM INT; sleep infinity & wait")
            .WithLabel(ContainerLabel, "php")
            .WithCreateParameterModifier(parameters =>
            {
                parameters.HostConfig ??= new Docker.DotNet.Models.HostConfig();
                parameters.HostConfig.NetworkMode = "none";
                if (shareIpc) parameters.HostConfig.IpcMode = "host";
            })
            .WithLogger(options.Logger ?? NullLogger.Instance)
            .Build();
        return new PhpContainer(container, options.Image, options.RunTimeout);
    }

    private async Task CheckPhpAsync(string? expectedVersion, CancellationToken cancellationToken)
    {
        const string probe = "echo PHP_VERSION, \"\\n\"; foreach ($argv as $i => $e) if ($i > 0 && !extension_loaded($e)) echo $e, \"\\n\";";
        var command = new List<string> { "php", "-r", probe, "--" };
        command.AddRange(RequiredExtensions);
        PhpContainerResult result = (await ExecAsync(command, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
            throw new PhpContainerException($"php in {Image} printed no version (stderr: {result.Stderr})");
        PhpVersion = lines[0];
        if (lines.Length > 1)
            throw new PhpContainerException($"PHP {PhpVersion} in {Image} lacks the extensions {string.Join(", ", lines[1..])}; build the image from docker/php/Dockerfile");
        if (expectedVersion is not null && PhpVersion != expectedVersion && !PhpVersion.StartsWith(expectedVersion + ".", StringComparison.Ordinal))
            throw new PhpContainerException($"{Image} runs PHP {PhpVersion}, not {expectedVersion}");
    }

    /// <summary>
    /// Runs PHP code (without <c>&lt;?php</c>, as <c>php -r</c>) with warnings and errors on stderr.
    /// Arguments after the code reach the script as <c>$argv[1..]</c>.
    /// </summary>
    /// <param name="code">The PHP code. Up to about 128 KiB (a command-line argument); use <see cref="RunScriptAsync"/> beyond.</param>
    /// <param name="arguments">Arguments for the code (<c>$argv[1]</c> onwards).</param>
    /// <param name="cancellationToken">Cancels the wait (the run itself ends when the container is removed).</param>
    /// <exception cref="PhpContainerException">The run did not finish within <see cref="PhpContainerOptions.RunTimeout"/>.</exception>
    public Task<PhpContainerResult> RunPhpAsync(string code, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var command = new List<string> { "php", "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-r", code, "--" };
        if (arguments is not null) command.AddRange(arguments);
        return ExecAsync(command, cancellationToken);
    }

    /// <summary>Copies a whole PHP script (with its <c>&lt;?php</c>) into the container, runs it with
    /// <paramref name="arguments"/> and deletes it again.</summary>
    /// <param name="script">The script's text.</param>
    /// <param name="arguments">Arguments for the script (<c>$argv[1]</c> onwards).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="PhpContainerException">The run did not finish within <see cref="PhpContainerOptions.RunTimeout"/>.</exception>
    public async Task<PhpContainerResult> RunScriptAsync(string script, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string path = $"/tmp/phpshmcompat-{Guid.NewGuid():N}.php";
        await _container.CopyAsync(System.Text.Encoding.UTF8.GetBytes(script), path, ct: cancellationToken).ConfigureAwait(false);
        try
        {
            var command = new List<string> { "php", "-d", "display_errors=stderr", "-d", "error_reporting=-1", path };
            if (arguments is not null) command.AddRange(arguments);
            return await ExecAsync(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ExecAsync(["rm", "-f", path], CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> inside the container (bytes exactly as given).</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="path">An absolute path in the container.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public Task CopyFileAsync(byte[] content, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _container.CopyAsync(content, path, ct: cancellationToken);
    }

    /// <summary>Reads the file at <paramref name="path"/> inside the container.</summary>
    /// <param name="path">An absolute path in the container.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _container.ReadFileAsync(path, cancellationToken);
    }

    /// <summary>Runs any command in the container (<c>docker exec</c>) and returns its outputs and exit code.</summary>
    /// <param name="command">The program and its arguments, for example <c>["php", "-v"]</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="PhpContainerException">The command did not finish within <see cref="PhpContainerOptions.RunTimeout"/>.</exception>
    public async Task<PhpContainerResult> ExecAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the command is empty", nameof(command));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_runTimeout);
        try
        {
            ExecResult r = await _container.ExecAsync(command.ToList(), timeout.Token).ConfigureAwait(false);
            long exitCode = r.ExitCode ?? throw new PhpContainerException($"Docker reported no exit code for `{command[0]}` in the PHP container ({Image})");
            return new PhpContainerResult(exitCode, r.Stdout ?? "", r.Stderr ?? "");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PhpContainerException($"`{command[0]}` in the PHP container ({Image}) did not finish within {_runTimeout}", e);
        }
    }

    /// <summary>Stops and removes the container (a run still going in it ends with it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _container.DisposeAsync().ConfigureAwait(false);
    }
}
