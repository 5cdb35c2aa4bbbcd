namespace PhpShmCompat;

/// <summary>One problem in a sysvshm segment: which field, where, what it holds and what was expected.</summary>
/// <param name="Field">The field, for example <c>header.end</c> or <c>chunk.next</c>.</param>
/// <param name="Offset">Byte offset of the field in the segment.</param>
/// <param name="Value">What the field holds.</param>
/// <param name="Expected">What a valid segment holds there (a range or a description).</param>
public sealed record PhpShmProblem(string Field, long Offset, string Value, string Expected)
{
    /// <summary>One readable line, for example <c>header.end at offset 16 is 99999, expected 40..10000</c>.</summary>
    public override string ToString() => $"{Field} at offset {Offset} is {Value}, expected {Expected}";
}
