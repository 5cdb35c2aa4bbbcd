namespace PhpShmCompat.Testing;

/// <summary>The outcome of one command run in a <see cref="PhpContainer"/>.</summary>
/// <param name="ExitCode">The command's exit code (PHP: 0 on success, 255 on a fatal error).</param>
/// <param name="Stdout">Standard output, decoded as UTF-8 (print binary data as hex or base64).</param>
/// <param name="Stderr">Standard error; PHP's warnings and errors go here.</param>
public sealed record PhpContainerResult(long ExitCode, string Stdout, string Stderr)
{
    /// <summary>Returns this result when the exit code is 0, else throws with both outputs in the message.</summary>
    /// <exception cref="PhpContainerException">The command exited with a non-zero code.</exception>
    public PhpContainerResult EnsureSuccess()
    {
        if (ExitCode != 0)
            throw new PhpContainerException($"the command in the PHP container exited with {ExitCode}.\nstderr:\n{Stderr}\nstdout:\n{Stdout}");
        return this;
    }
}
