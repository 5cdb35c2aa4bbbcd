using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace PhpShmCompat.Testing;

/// <summary>
/// The start is done when <c>php</c> runs in the container with the shmop, sysvsem, sysvshm and
/// sysvmsg extensions (and, when asked, is the expected version). Once the container runs, the
/// answer cannot change, so a wrong PHP fails the start at once instead of being retried.
/// </summary>
internal sealed class PhpReadinessCheck(string? expectedVersion) : IWaitUntil
{
    // Prints PHP_VERSION and PHP_INT_SIZE on the first line, then each missing extension on a line.
    private const string Probe = "echo PHP_VERSION, ' ', PHP_INT_SIZE, \"\\n\"; foreach ($argv as $i => $e) if ($i > 0 && !extension_loaded($e)) echo $e, \"\\n\";";

    public async Task<bool> UntilAsync(IContainer container)
    {
        var command = new List<string> { "php", "-r", Probe, "--" };
        command.AddRange(PhpBuilder.RequiredExtensions);
        ExecResult r = await container.ExecAsync(command).ConfigureAwait(false);
        string image = container.Image.FullName;
        if (r.ExitCode != 0)
            throw new PhpContainerException($"php does not run in {image} (exit {r.ExitCode}): {r.Stderr}{r.Stdout}");
        string[] lines = (r.Stdout ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] first = lines.Length > 0 ? lines[0].Split(' ') : [];
        if (first.Length != 2 || !int.TryParse(first[1], out int intSize))
            throw new PhpContainerException($"php in {image} printed no version (stderr: {r.Stderr})");
        string version = first[0];
        if (lines.Length > 1)
            throw new PhpContainerException($"PHP {version} in {image} lacks the extensions {string.Join(", ", lines[1..])}; build the image from docker/php/Dockerfile");
        if (expectedVersion is not null && version != expectedVersion && !version.StartsWith(expectedVersion + ".", StringComparison.Ordinal))
            throw new PhpContainerException($"{image} runs PHP {version}, not {expectedVersion}");
        if (container is PhpContainer php) php.SetPhp(version, intSize);
        return true;
    }
}
