using System.Diagnostics;
using Xunit.Abstractions;

namespace PhpSerializer.Tests.Hostile;

/// <summary>
/// At least 200,000 mutated serialize() inputs from a PHP-made seed corpus.
/// Each must parse or throw <see cref="PhpSerializationException"/> -- no other exception type,
/// no hang, no allocation far beyond the input size -- and whatever parses must re-serialize
/// to bytes that parse back to the same bytes (the writer accepts everything the reader builds).
/// </summary>
public class UnserializeMutationTests(ITestOutputHelper output)
{
    private const int Mutants = 200_000;
    private const int Seed = 0x5EED_0008;

    /// <summary>Allowed allocation for one parse: proportional to the input plus a small constant.</summary>
    internal static long AllocationBudget(int inputLength) => 64L * 1024 + 256L * inputLength;

    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(2);

    [Fact]
    public void MutatedPhpSerializeOutputParsesOrThrowsPhpSerializationException()
    {
        IReadOnlyList<byte[]> seeds = SeedCorpus.All;
        var mutator = new ByteMutator(Seed, seeds);
        var failures = new List<string>();
        int parsed = 0, rejected = 0, rewritten = 0;
        long worstAllocation = 0, totalBytes = 0;
        TimeSpan slowest = TimeSpan.Zero;
        var total = Stopwatch.StartNew();
        var each = new Stopwatch();
        int current = -1;
        // A real hang never returns to the per-input time check: end the test host instead of hanging CI.
        using var watchdog = new Timer(_ => Environment.FailFast(
            $"unserialize mutation test: mutant #{Volatile.Read(ref current)} (seed 0x{Seed:X}) hung for over 3 minutes"), null, TimeSpan.FromMinutes(3), Timeout.InfiniteTimeSpan);

        for (int i = 0; i < Mutants && failures.Count < 10; i++)
        {
            Volatile.Write(ref current, i);
            byte[] input = mutator.Next();
            totalBytes += input.Length;
            each.Restart();
            long before = GC.GetAllocatedBytesForCurrentThread();
            PhpValue? value = null;
            try
            {
                value = PhpSerialization.Unserialize(input);
                parsed++;
            }
            catch (PhpSerializationException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"#{i}: {e.GetType().Name}: {e.Message} on {PhpFrames.Show(input)}");
                continue;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            each.Stop();
            worstAllocation = Math.Max(worstAllocation, allocated);
            if (each.Elapsed > slowest) slowest = each.Elapsed;
            if (allocated > AllocationBudget(input.Length))
                failures.Add($"#{i}: allocated {allocated} bytes for a {input.Length}-byte input: {PhpFrames.Show(input)}");
            if (each.Elapsed > HangLimit)
                failures.Add($"#{i}: took {each.Elapsed} on {input.Length} bytes: {PhpFrames.Show(input)}");
            if (value is not null && Rewrite(value, input, i, failures)) rewritten++;
        }

        output.WriteLine($"unserialize mutation test: {Mutants} mutants from {seeds.Count} PHP seeds (seed 0x{Seed:X}), " +
                         $"{totalBytes} bytes: {parsed} parsed ({rewritten} re-serialized stably), {rejected} rejected with PhpSerializationException, " +
                         $"{failures.Count} failures; worst allocation {worstAllocation} bytes, slowest input {slowest.TotalMilliseconds:F1} ms, total {total.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Mutants, parsed + rejected);
        // The mutants must exercise both outcomes, or the test proves nothing.
        Assert.True(parsed > Mutants / 20, $"only {parsed} mutants parsed");
        Assert.True(rejected > Mutants / 4, $"only {rejected} mutants rejected");
    }

    [Fact]
    public void TokenReaderSurvivesTheSameMutantsWithEveryAccessor()
    {
        var mutator = new ByteMutator(Seed + 1, SeedCorpus.All);
        int tokens = 0, completed = 0, rejected = 0;
        const int count = 50_000;
        for (int i = 0; i < count; i++)
        {
            byte[] input = mutator.Next();
            try
            {
                tokens += ReadAllTokens(input);
                completed++;
            }
            catch (PhpSerializationException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"#{i}: {e.GetType().Name}: {e.Message} on {PhpFrames.Show(input)}");
            }
        }
        output.WriteLine($"token reader mutation test: {count} mutants, {completed} read to the end, {rejected} rejected, {tokens} tokens");
        Assert.True(completed > count / 20 && rejected > count / 4);
    }

    /// <summary>Reads every token and calls the accessor that fits it, skipping some containers.</summary>
    private static int ReadAllTokens(byte[] input)
    {
        var reader = new PhpSerializedReader(input);
        Span<byte> scratch = stackalloc byte[64];
        int n = 0;
        while (reader.Read())
        {
            n++;
            switch (reader.TokenType)
            {
                case PhpTokenType.Int or PhpTokenType.IntKey: _ = reader.GetInt64(); break;
                case PhpTokenType.Float: _ = reader.GetDouble(); break;
                case PhpTokenType.Bool: _ = reader.GetBoolean(); break;
                case PhpTokenType.String or PhpTokenType.StringKey:
                    if (reader.StringLength <= scratch.Length) _ = reader.CopyString(scratch);
                    else _ = reader.GetBytes();
                    break;
                case PhpTokenType.StartArray or PhpTokenType.StartObject:
                    _ = reader.ElementCount;
                    if ((n & 7) == 0) reader.Skip();
                    break;
                case PhpTokenType.ObjectReference or PhpTokenType.ValueReference: _ = reader.ReferenceId; break;
                case PhpTokenType.Serializable: _ = reader.PayloadSlotCount; _ = reader.ClassNameSpan; break;
                case PhpTokenType.EnumCase: _ = reader.ValueSpan; break;
            }
        }
        return n;
    }

    /// <summary>serialize(unserialize(x)) must succeed and be a fixed point: unserialize + serialize gives the same bytes.</summary>
    private static bool Rewrite(PhpValue value, byte[] input, int index, List<string> failures)
    {
        try
        {
            byte[] once = PhpSerialization.Serialize(value);
            byte[] twice = PhpSerialization.Serialize(PhpSerialization.Unserialize(once));
            if (once.AsSpan().SequenceEqual(twice)) return true;
            failures.Add($"#{index}: re-serialization is not stable for {PhpFrames.Show(input)}:\n  1st {PhpFrames.Show(once)}\n  2nd {PhpFrames.Show(twice)}");
        }
        catch (Exception e)
        {
            failures.Add($"#{index}: re-serializing a parsed value threw {e.GetType().Name}: {e.Message} for {PhpFrames.Show(input)}");
        }
        return false;
    }
}
