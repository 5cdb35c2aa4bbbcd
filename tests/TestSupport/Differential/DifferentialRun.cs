using System.Text;

namespace PhpShmCompat.TestSupport.Differential;

/// <summary>One input on which PHP and the library disagree.</summary>
public sealed record Difference(int Seed, long Index, byte[] Input, byte[] Shrunk, Verdict Php, Verdict Library)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"seed {Seed}, index {Index}: {Verdict.Escape(Input)}\n" +
        $"  shrunk: {Verdict.Escape(Shrunk)}\n" +
        $"  php {Php}\n  c#  {Library}";
}

/// <summary>The outcome of a differential run.</summary>
public sealed record DifferentialReport(string PhpVersion, int Seed, long Inputs, long Accepted, long Unreadable, long Intended, long Differ, IReadOnlyList<Difference> Examples, long OffsetsOnly = 0)
{
    /// <summary>The one-line summary the test log shows.</summary>
    public string Summary =>
        $"differential: {Inputs} inputs vs PHP {PhpVersion}: {Differ} differ ({Accepted} accepted, {Inputs - Accepted} rejected by PHP, " +
        $"{Unreadable} of those accepted re-serialized by PHP to bytes it cannot read back, {Intended} intended differences" +
        (OffsetsOnly > 0 ? $", {OffsetsOnly} rejected at another offset" : "") + $"; seed {Seed})";

    /// <summary>The summary and every example, shrunk.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Summary);
        foreach (Difference d in Examples) sb.Append('\n').Append(d);
        return sb.ToString();
    }
}

/// <summary>
/// Generates inputs with <see cref="NonCanonicalInputs"/>, asks PHP (in batches, one process per
/// batch) and the library for their verdicts, and shrinks the first differences found to a
/// short input that still differs.
/// </summary>
/// <param name="php">PHP's verdicts on a batch, in order.</param>
/// <param name="library">The library's verdict on one input.</param>
/// <param name="intended">The intended difference an input falls under (its verdicts are not compared), or null.</param>
public sealed class DifferentialRun(Func<IReadOnlyList<byte[]>, List<Verdict>> php, Func<byte[], Verdict> library, Func<byte[], string?>? intended = null)
{
    /// <summary>How many differences are shrunk and reported in full.</summary>
    public int MaxExamples { get; init; } = 5;

    /// <summary>
    /// When false, two rejections agree wherever they report the error (for a PHP whose offsets
    /// the library does not follow); the offset differences are counted in the report instead.
    /// </summary>
    public bool CompareOffsets { get; init; } = true;

    /// <summary>Inputs per PHP process.</summary>
    public int BatchSize { get; init; } = 100_000;

    /// <summary>Runs inputs <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 of <paramref name="seed"/>.</summary>
    public DifferentialReport Run(string phpVersion, int seed, long count, long first = 0, Action<string>? progress = null)
    {
        var generator = new NonCanonicalInputs(seed);
        var examples = new List<Difference>();
        long differ = 0, accepted = 0, unreadable = 0, intendedCount = 0, offsetsOnly = 0;
        var batch = new List<byte[]>(BatchSize);
        for (long start = first; start < first + count; start += BatchSize)
        {
            batch.Clear();
            long end = Math.Min(first + count, start + BatchSize);
            for (long i = start; i < end; i++) batch.Add(generator.Get(i));
            List<Verdict> theirs = php(batch);
            for (int i = 0; i < batch.Count; i++)
            {
                if (!theirs[i].IsRejection) accepted++;
                if (theirs[i].Kind == VerdictKind.AcceptedUnreadable) unreadable++;
                Verdict ours = library(batch[i]);
                if (theirs[i].Agrees(ours)) continue;
                if (!CompareOffsets && theirs[i].IsRejection && ours.IsRejection)
                {
                    offsetsOnly++;
                    continue;
                }
                if (intended?.Invoke(batch[i]) is not null)
                {
                    intendedCount++;
                    continue;
                }
                differ++;
                if (examples.Count < MaxExamples)
                {
                    byte[] shrunk = Shrink(batch[i]);
                    examples.Add(new Difference(seed, start + i, batch[i], shrunk, theirs[i], ours));
                }
            }
            progress?.Invoke($"{end - first} of {count} inputs, {differ} differ");
        }
        return new DifferentialReport(phpVersion, seed, count, accepted, unreadable, intendedCount, differ, examples, offsetsOnly);
    }

    /// <summary>True when PHP and the library disagree on <paramref name="input"/>.</summary>
    public bool Differs(byte[] input) => !php([input])[0].Agrees(library(input));

    /// <summary>
    /// Removes elements (and replaces values by <c>N;</c>), then deletes ever smaller runs of bytes
    /// from <paramref name="input"/> as long as PHP and the library still disagree in the same way (the same verdict kinds on both sides), judging
    /// each round's candidates in one PHP batch.
    /// </summary>
    public byte[] Shrink(byte[] input)
    {
        Verdict php0 = php([input])[0], library0 = library(input);
        bool SameDifference(Verdict p, Verdict l, byte[] c) => !p.Agrees(l) && p.Kind == php0.Kind && l.Kind == library0.Kind && intended?.Invoke(c) is null;
        byte[] best = input;
        for (int round = 0; round < 200; round++)
        {
            var candidates = StructuralCandidates.Of(best);
            for (int chunk = Math.Max(1, best.Length / 2); chunk >= 1; chunk /= 2)
            {
                for (int at = 0; at + chunk <= best.Length; at += Math.Max(1, chunk / 2))
                {
                    byte[] c = new byte[best.Length - chunk];
                    best.AsSpan(0, at).CopyTo(c);
                    best.AsSpan(at + chunk).CopyTo(c.AsSpan(at));
                    candidates.Add(c);
                }
                if (chunk == 1) break;
            }
            if (candidates.Count == 0) break;
            List<Verdict> theirs = php(candidates);
            byte[]? next = null;
            for (int i = 0; i < candidates.Count; i++)
            {
                if (!SameDifference(theirs[i], library(candidates[i]), candidates[i])) continue;
                if (next is null || candidates[i].Length < next.Length) next = candidates[i];
            }
            if (next is null) break;
            best = next;
        }
        return best;
    }
}
