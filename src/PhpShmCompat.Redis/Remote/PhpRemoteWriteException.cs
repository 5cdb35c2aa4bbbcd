namespace PhpShmCompat.Redis;

/// <summary>A remote put or remove the mirror did not apply.</summary>
public sealed class PhpRemoteWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PhpRemoteWriteException(int segmentKey, long variableKey, PhpRemoteWriteStatus status, string? detail)
        : base($"remote write of variable {variableKey} in segment {PhpIpcException.FormatKey(segmentKey)}: {Describe(status)}{(detail is null ? "" : " (" + detail + ")")}")
    {
        SegmentKey = segmentKey;
        VariableKey = variableKey;
        Status = status;
        Detail = detail;
    }

    /// <summary>The segment.</summary>
    public int SegmentKey { get; }

    /// <summary>The variable.</summary>
    public long VariableKey { get; }

    /// <summary>The mirror's answer.</summary>
    public PhpRemoteWriteStatus Status { get; }

    /// <summary>The mirror's explanation, when it gave one.</summary>
    public string? Detail { get; }

    private static string Describe(PhpRemoteWriteStatus status) => status switch
    {
        PhpRemoteWriteStatus.Full => "the segment is full; the old value was kept",
        PhpRemoteWriteStatus.Invalid => "not valid serialize() output; nothing was written",
        PhpRemoteWriteStatus.NotFound => "the variable does not exist",
        _ => "the mirror could not apply it",
    };
}
