namespace PhpShmCompat;

/// <summary>
/// A sysvshm segment (or one variable in it) is not laid out as PHP lays it out: a header or
/// chunk field is out of range for the kernel's segment size, or a variable's bytes are not
/// valid <c>serialize()</c> output. <see cref="Problem"/> names the field and offset.
/// </summary>
public sealed class PhpShmCorruptException : PhpIpcException
{
    /// <summary>Creates the exception for a layout problem.</summary>
    public PhpShmCorruptException(PhpShmProblem problem, int? segmentKey = null, long? variableKey = null, Exception? inner = null)
        : base(FormatMessage(problem, segmentKey, variableKey), inner)
    {
        Problem = problem;
        SegmentKey = segmentKey;
        VariableKey = variableKey;
    }

    /// <summary>The field, offset, value found and value expected.</summary>
    public PhpShmProblem Problem { get; }

    /// <summary>The IPC key of the segment, when known.</summary>
    public int? SegmentKey { get; }

    /// <summary>The <c>shm_put_var</c> key of the variable involved, when the problem is in one variable.</summary>
    public long? VariableKey { get; }

    /// <summary>The same problem, tagged with the segment key (used when the layout engine, which knows no key, threw).</summary>
    internal PhpShmCorruptException WithSegmentKey(int key) => new(Problem, key, VariableKey, InnerException);

    private static string FormatMessage(PhpShmProblem problem, int? segmentKey, long? variableKey)
    {
        string where = segmentKey is int k ? $"sysvshm segment {FormatKey(k)}" : "sysvshm segment";
        string var = variableKey is long v ? $", variable {v}" : string.Empty;
        return $"{where} is corrupt{var}: {problem}";
    }
}
