using PhpSerializer.Tests.Hostile;
using PhpShmCompat.TestSupport;
using PhpShmCompat.TestSupport.Differential;
using Xunit.Abstractions;

namespace PhpSerializer.Tests.Document;

/// <summary>
/// PhpDocument against the value model: on PHP's own output, the non-canonical generator's inputs,
/// byte mutations and the conformance corpus, <see cref="PhpDocument.Parse(ReadOnlyMemory{byte}, PhpSerializerOptions?)"/>
/// accepts and rejects exactly what <see cref="PhpSerialization.Unserialize(ReadOnlySpan{byte}, PhpSerializerOptions?)"/>
/// does (same offset), and every element reads the same values as the tree.
/// </summary>
public class PhpDocumentDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void PhpOutputIsIndexedAndReadsAsTheValueModel()
    {
        var run = PhpRunner.RunFile(PhpFrames.Script("generate.php"), null, "424242", "3000").EnsureSuccess();
        var values = PhpFrames.Unframe(run.Stdout);
        int indexed = Check(values, PhpTestClasses.Options);
        output.WriteLine($"{values.Count} PHP values, {indexed} indexed in place");
        Assert.True(indexed > values.Count / 2, $"only {indexed} of {values.Count} indexed");
    }

    [Fact]
    public void GeneratedNonCanonicalInputsGiveTheSameVerdictsAndValues()
    {
        var generator = new NonCanonicalInputs(7);
        var inputs = Enumerable.Range(0, 30_000).Select(i => generator.Get(i)).ToList();
        Check(inputs, LibraryVerdict.Options);
    }

    [Fact]
    public void ByteMutationsGiveTheSameVerdictsAndValues()
    {
        var mutator = new ByteMutator(0x0D0C, SeedCorpus.All);
        var inputs = Enumerable.Range(0, 30_000).Select(_ => mutator.Next()).ToList();
        Check(inputs, PhpSerializerOptions_Default);
    }

    [Fact]
    public void TheConformanceCorpusGivesTheSameVerdictsAndValues()
    {
        string dir = Path.Combine(FindUp("tests/conformance/corpus"));
        var inputs = Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.True(inputs.Count >= 100);
        Check(inputs, PhpSerializerOptions_Default);
    }

    private static readonly PhpSerializerOptions PhpSerializerOptions_Default = new();

    private static string FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(relative);
    }

    // Returns how many parsed inputs were indexed in place.
    private static int Check(IReadOnlyList<byte[]> inputs, PhpSerializerOptions options)
    {
        int indexed = 0;
        var failures = new List<string>();
        foreach (byte[] input in inputs)
        {
            PhpValue? tree = null;
            PhpSerializationException? treeError = null;
            try { tree = PhpSerialization.Unserialize(input, options); }
            catch (PhpSerializationException e) { treeError = e; }

            PhpDocument document;
            try { document = PhpDocument.Parse(input.AsMemory(), options); }
            catch (PhpSerializationException e)
            {
                if (treeError is null) failures.Add($"document rejects ({e.Message}), tree accepts: {PhpFrames.Show(input)}");
                else if (e.Offset != treeError.Offset || e.Message != treeError.Message) failures.Add($"document: {e.Message}; tree: {treeError.Message}: {PhpFrames.Show(input)}");
                continue;
            }
            using (document)
            {
                if (tree is null)
                {
                    failures.Add($"document accepts, tree rejects ({treeError!.Message}): {PhpFrames.Show(input)}");
                    continue;
                }
                if (document.IsIndexed) indexed++;
                string? difference = ElementComparer.Difference(document.RootElement, tree, "$");
                if (difference is not null) failures.Add($"{difference}: {PhpFrames.Show(input)}");
                if (!PhpSerialization.Serialize(document.RootElement.ToValue()).AsSpan().SequenceEqual(PhpSerialization.Serialize(tree)))
                    failures.Add($"ToValue differs: {PhpFrames.Show(input)}");
            }
            if (failures.Count >= 10) break;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        return indexed;
    }
}
