using System.Globalization;
using System.Text;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>What an implementation made of one input.</summary>
public enum VerdictKind
{
    /// <summary>Accepted; <see cref="Verdict.Output"/> is <c>serialize(unserialize(x))</c>.</summary>
    Accepted,
    /// <summary>Rejected at <see cref="Verdict.Offset"/>.</summary>
    Rejected,
    /// <summary>Rejected without an offset (PHP threw, or returned false without saying where).</summary>
    RejectedWithoutOffset,
    /// <summary>
    /// Accepted, but PHP's re-serialization (<see cref="Verdict.Output"/>) is bytes PHP's own
    /// <c>unserialize()</c> rejects: a PHP bug the library does not copy. Any acceptance agrees.
    /// </summary>
    AcceptedUnreadable,
    /// <summary>The library's read paths disagree with each other (<see cref="Verdict.Detail"/> says how); agrees with nothing.</summary>
    Inconsistent,
}

/// <summary>One implementation's verdict on one input.</summary>
public sealed record Verdict(VerdictKind Kind, byte[] Output, long Offset, string Detail)
{
    /// <summary>An accepted input and its re-serialization.</summary>
    public static Verdict Accept(byte[] output) => new(VerdictKind.Accepted, output, -1, "");

    /// <summary>An accepted input whose re-serialization PHP itself cannot read.</summary>
    public static Verdict AcceptUnreadable(byte[] output) => new(VerdictKind.AcceptedUnreadable, output, -1, "");

    /// <summary>The library's read paths disagree with each other on the input.</summary>
    public static Verdict Inconsistent(string detail) => new(VerdictKind.Inconsistent, [], -1, detail);

    /// <summary>A rejected input and the offset of the error.</summary>
    public static Verdict Reject(long offset, string detail = "") => new(VerdictKind.Rejected, [], offset, detail);

    /// <summary>A rejection that gave no offset.</summary>
    public static Verdict RejectWithoutOffset(string detail) => new(VerdictKind.RejectedWithoutOffset, [], -1, detail);

    /// <summary>
    /// True when both say the same: both accept with the same bytes, or both reject at the same
    /// offset. A rejection without an offset matches any rejection.
    /// </summary>
    public bool Agrees(Verdict other)
    {
        if (Kind == VerdictKind.Inconsistent || other.Kind == VerdictKind.Inconsistent) return false;
        bool rejected = IsRejection, otherRejected = other.IsRejection;
        if (rejected != otherRejected) return false;
        if (!rejected)
            return Kind == VerdictKind.AcceptedUnreadable || other.Kind == VerdictKind.AcceptedUnreadable || Output.AsSpan().SequenceEqual(other.Output);
        if (Kind == VerdictKind.RejectedWithoutOffset || other.Kind == VerdictKind.RejectedWithoutOffset) return true;
        return Offset == other.Offset;
    }

    /// <summary>True for both kinds of rejection.</summary>
    public bool IsRejection => Kind is VerdictKind.Rejected or VerdictKind.RejectedWithoutOffset;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        VerdictKind.Accepted => "accepts: " + Escape(Output),
        VerdictKind.AcceptedUnreadable => "accepts, writing bytes PHP cannot read back: " + Escape(Output),
        VerdictKind.Inconsistent => "read paths disagree: " + Detail,
        VerdictKind.Rejected => $"rejects at offset {Offset}" + (Detail.Length > 0 ? $" ({Detail})" : ""),
        _ => $"rejects ({Detail})",
    };

    /// <summary>Bytes as text with everything outside printable ASCII as <c>\xNN</c>.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 8);
        foreach (byte b in bytes)
        {
            if (b >= 0x20 && b < 0x7f && b != (byte)'\\') sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
