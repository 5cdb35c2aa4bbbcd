using System.Globalization;
using System.Runtime.InteropServices;

namespace PhpShmCompat;

/// <summary>
/// Base of every error the IPC layer raises. When a system call failed, <see cref="Operation"/>
/// names the call, <see cref="Key"/> the IPC key and <see cref="Errno"/> the error number.
/// </summary>
public class PhpIpcException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    public PhpIpcException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    public PhpIpcException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Creates an exception for a failed system call.</summary>
    public PhpIpcException(string operation, int? key, int errno, string? detail = null)
        : base(FormatMessage(operation, key, errno, detail))
    {
        Operation = operation;
        Key = key;
        Errno = errno;
    }

    /// <summary>The failed system call (for example <c>shmget</c>), when one failed.</summary>
    public string? Operation { get; }

    /// <summary>The System V IPC key involved, when there is one.</summary>
    public int? Key { get; }

    /// <summary>The <c>errno</c> of the failed call, or 0 when no call failed.</summary>
    public int Errno { get; }

    /// <summary>Formats a key as PHP and <c>ipcs</c> print it: <c>0x</c> and eight hex digits.</summary>
    public static string FormatKey(int key) => "0x" + key.ToString("x8", CultureInfo.InvariantCulture);

    private static string FormatMessage(string operation, int? key, int errno, string? detail)
    {
        string text = Marshal.GetPInvokeErrorMessage(errno);
        string keyPart = key is int k ? $" for key {FormatKey(k)}" : string.Empty;
        string detailPart = string.IsNullOrEmpty(detail) ? string.Empty : $" ({detail})";
        return $"{operation} failed{keyPart}: {text} (errno {errno}){detailPart}";
    }

    /// <summary>
    /// Maps an errno from <paramref name="operation"/> to the most specific exception type:
    /// <see cref="PhpIpcNotFoundException"/>, <see cref="PhpIpcPermissionException"/>,
    /// <see cref="PhpIpcExistsException"/> or this base type.
    /// </summary>
    public static PhpIpcException FromErrno(string operation, int? key, int errno, string? detail = null) => errno switch
    {
        Interop.Errno.ENOENT or Interop.Errno.EIDRM => new PhpIpcNotFoundException(operation, key, errno, detail),
        Interop.Errno.EACCES or Interop.Errno.EPERM => new PhpIpcPermissionException(operation, key, errno, detail),
        Interop.Errno.EEXIST => new PhpIpcExistsException(operation, key, errno, detail),
        _ => new PhpIpcException(operation, key, errno, detail),
    };

    /// <summary>Throws for the calling thread's last P/Invoke error.</summary>
    internal static PhpIpcException LastError(string operation, int? key, string? detail = null)
        => FromErrno(operation, key, Interop.Errno.Last(), detail);
}

/// <summary>The IPC object does not exist or was removed (ENOENT, EIDRM).</summary>
public sealed class PhpIpcNotFoundException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpIpcNotFoundException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}

/// <summary>The caller lacks permission for the IPC object (EACCES, EPERM).</summary>
public sealed class PhpIpcPermissionException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpIpcPermissionException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}

/// <summary>An exclusive create found the IPC object already there (EEXIST).</summary>
public sealed class PhpIpcExistsException : PhpIpcException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public PhpIpcExistsException(string operation, int? key, int errno, string? detail = null) : base(operation, key, errno, detail) { }
}
