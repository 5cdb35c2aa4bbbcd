namespace PhpShmCompat.Testing;

/// <summary>
/// A PHP container could not be started or used: no Docker engine, a missing image, PHP without
/// the System V IPC extensions, a PHP run that failed or did not finish in time.
/// </summary>
public sealed class PhpContainerException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public PhpContainerException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    public PhpContainerException(string message, Exception? inner) : base(message, inner) { }
}
