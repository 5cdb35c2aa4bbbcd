using System.Text;
using DotNet.Testcontainers.Containers;

namespace PhpShmCompat.Testing;

/// <summary>
/// PHP in a Docker container, made by <see cref="PhpBuilder"/>, for tests where PHP and .NET use
/// the same System V segments, semaphores and queues:
/// <code>
/// await using PhpContainer php = PhpBuilder.ForLocalImage("8.2").Build();
/// await php.StartAsync();
/// PhpContainerResult r = (await php.ExecPhpAsync("echo PHP_VERSION;")).EnsureSuccess();
/// </code>
/// One container serves many runs, also at the same time. Disposing removes the container; IPC
/// objects PHP made in the host's namespace (<see cref="ContainerIpcMode.Host"/>) outlive it,
/// those of a container's own namespace go with the last container in it.
/// </summary>
public sealed class PhpContainer : DockerContainer
{
    private readonly PhpConfiguration _configuration;

    /// <summary>Creates the container (not yet started) from a built configuration; use <see cref="PhpBuilder"/>.</summary>
    /// <param name="configuration">The builder's configuration.</param>
    public PhpContainer(PhpConfiguration configuration)
        : base(configuration)
    {
        _configuration = configuration;
    }

    /// <summary>The container's <c>PHP_VERSION</c> (for example <c>8.2.28</c>), known once started.</summary>
    public string PhpVersion { get; private set; } = "";

    /// <summary>The container's <c>PHP_INT_SIZE</c>: 8 for 64-bit PHP, 4 for 32-bit PHP; 0 before the start.</summary>
    public int PhpIntSize { get; private set; }

    /// <summary>The IPC namespace the container runs in.</summary>
    public ContainerIpcMode IpcMode => _configuration.IpcMode ?? ContainerIpcMode.Host;

    /// <summary>How long one run may take (<see cref="PhpBuilder.WithRunTimeout"/>).</summary>
    public TimeSpan RunTimeout => _configuration.RunTimeout ?? TimeSpan.FromMinutes(2);

    /// <summary>One line for test logs: PHP version and bits, container, image and IPC mode.</summary>
    public string Describe()
        => $"PHP {PhpVersion} ({PhpIntSize * 8}-bit) in container {(Id.Length >= 12 ? Id[..12] : Id)} ({Image.FullName}, --ipc={IpcMode}, --network=none)";

    internal void SetPhp(string version, int intSize)
    {
        PhpVersion = version;
        PhpIntSize = intSize;
    }

    /// <summary>
    /// Runs PHP code (without <c>&lt;?php</c>, as <c>php -r</c>) with warnings and errors on stderr.
    /// Arguments after the code reach it as <c>$argv[1..]</c>.
    /// </summary>
    /// <param name="code">The PHP code. Up to about 128 KiB (a command-line argument); use <see cref="ExecScriptAsync"/> beyond.</param>
    /// <param name="arguments">Arguments for the code (<c>$argv[1]</c> onwards).</param>
    /// <param name="cancellationToken">Cancels the wait (the run itself ends when the container is removed).</param>
    /// <exception cref="PhpContainerException">The run did not finish within <see cref="RunTimeout"/>.</exception>
    public Task<PhpContainerResult> ExecPhpAsync(string code, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
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
    /// <exception cref="PhpContainerException">The run did not finish within <see cref="RunTimeout"/>.</exception>
    public async Task<PhpContainerResult> ExecScriptAsync(string script, IReadOnlyList<string>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        string path = $"/tmp/phpshmcompat-{Guid.NewGuid():N}.php";
        await CopyFileAsync(Encoding.UTF8.GetBytes(script), path, cancellationToken).ConfigureAwait(false);
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
        return CopyAsync(content, path, ct: cancellationToken);
    }

    /// <summary>Runs any command in the container (<c>docker exec</c>) and returns its outputs and exit code.</summary>
    /// <param name="command">The program and its arguments, for example <c>["php", "-v"]</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="PhpContainerException">The command did not finish within <see cref="RunTimeout"/>.</exception>
    public async Task<PhpContainerResult> ExecAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the command is empty", nameof(command));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            ExecResult r = await base.ExecAsync(command.ToList(), timeout.Token).ConfigureAwait(false);
            long exitCode = r.ExitCode ?? throw new PhpContainerException($"Docker reported no exit code for `{command[0]}` in the PHP container ({Image.FullName})");
            return new PhpContainerResult(exitCode, r.Stdout ?? "", r.Stderr ?? "");
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PhpContainerException($"`{command[0]}` in the PHP container ({Image.FullName}) did not finish within {RunTimeout}", e);
        }
    }
}
