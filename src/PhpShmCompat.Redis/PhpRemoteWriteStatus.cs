namespace PhpShmCompat.Redis;

/// <summary>The answer to a remote put or remove.</summary>
public enum PhpRemoteWriteStatus
{
    /// <summary>Applied: the segment holds the new value (or no longer holds the variable).</summary>
    Done,

    /// <summary>The value does not fit in the segment; the old value is kept.</summary>
    Full,

    /// <summary>The value is not valid PHP <c>serialize()</c> output; nothing was written.</summary>
    Invalid,

    /// <summary>The variable did not exist (a remove).</summary>
    NotFound,

    /// <summary>The mirror could not apply it (for example the segment is corrupt, or the mirror takes no remote writes); see the message.</summary>
    Failed,
}
