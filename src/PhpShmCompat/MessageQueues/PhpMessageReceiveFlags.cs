namespace PhpShmCompat;

/// <summary>
/// Flags of PHP's <c>msg_receive()</c>, with PHP's values (<c>MSG_IPC_NOWAIT</c> = 1,
/// <c>MSG_NOERROR</c> = 2, <c>MSG_EXCEPT</c> = 4). They are mapped to the C library's values
/// before the call, as PHP does.
/// </summary>
[Flags]
public enum PhpMessageReceiveFlags
{
    /// <summary>Block until a matching message arrives; fail on messages larger than the maximum size.</summary>
    None = 0,

    /// <summary><c>MSG_IPC_NOWAIT</c>: do not wait when no matching message is queued (libc <c>IPC_NOWAIT</c>).</summary>
    NoWait = 1,

    /// <summary><c>MSG_NOERROR</c>: truncate a message larger than the maximum size instead of failing.</summary>
    NoError = 2,

    /// <summary><c>MSG_EXCEPT</c>: with a desired type &gt; 0, take the first message of any <em>other</em> type.</summary>
    Except = 4,
}
