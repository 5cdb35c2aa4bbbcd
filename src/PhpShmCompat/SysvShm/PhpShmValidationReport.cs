using System.Text;

namespace PhpShmCompat;

/// <summary>The result of <see cref="PhpSharedMemory.Validate"/>: every problem found in one pass.</summary>
public sealed class PhpShmValidationReport
{
    internal PhpShmValidationReport(long segmentSize, PhpShmHeader? header, int variableCount, IReadOnlyList<PhpShmProblem> problems, PhpShmLayout layout = PhpShmLayout.Php64)
    {
        Layout = layout;
        SegmentSize = segmentSize;
        Header = header;
        VariableCount = variableCount;
        Problems = problems;
    }

    /// <summary>The layout the segment was checked as (<see cref="PhpShmLayout.Php64"/> or <see cref="PhpShmLayout.Php32"/>).</summary>
    public PhpShmLayout Layout { get; }

    /// <summary>The kernel's segment size the fields were checked against.</summary>
    public long SegmentSize { get; }

    /// <summary>The header fields as read, or null when the segment is smaller than the header.</summary>
    public PhpShmHeader? Header { get; }

    /// <summary>Variables walked before the walk ended (or had to stop at a broken chunk).</summary>
    public int VariableCount { get; }

    /// <summary>Every problem found, in segment order; empty when the segment is valid.</summary>
    public IReadOnlyList<PhpShmProblem> Problems { get; }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>A multi-line summary: size, header, variable count, then one line per problem.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("segment size ").Append(SegmentSize);
        if (Header is PhpShmHeader h)
            sb.Append(", start ").Append(h.Start).Append(", end ").Append(h.End).Append(", free ").Append(h.Free).Append(", total ").Append(h.Total);
        if (Layout == PhpShmLayout.Php32) sb.Append(", 32-bit layout");
        sb.Append(", ").Append(VariableCount).Append(" variable(s): ").Append(IsValid ? "OK" : $"{Problems.Count} problem(s)");
        foreach (PhpShmProblem p in Problems) sb.AppendLine().Append("  ").Append(p);
        return sb.ToString();
    }
}
