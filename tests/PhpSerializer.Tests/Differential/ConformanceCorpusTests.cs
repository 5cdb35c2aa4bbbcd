using System.Globalization;
using PhpShmCompat.TestSupport.Differential;

namespace PhpSerializer.Tests.Differential;

/// <summary>
/// The conformance corpus in tests/conformance/corpus: every case as the library reads it, and
/// every expectation still what the host's PHP does (so the corpus cannot drift from PHP).
/// </summary>
public class ConformanceCorpusTests
{
    private static string CorpusDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "conformance", "corpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/conformance/corpus was not found above " + AppContext.BaseDirectory);
    }

    private static (string Name, byte[] Input, Verdict Expected)[] Cases()
    {
        string dir = CorpusDirectory();
        return Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).Select(path =>
        {
            string name = Path.GetFileNameWithoutExtension(path);
            byte[] input = File.ReadAllBytes(path);
            Verdict expected = name.StartsWith("y_", StringComparison.Ordinal)
                ? Verdict.Accept(File.ReadAllBytes(Path.Combine(dir, name + ".out")))
                : Verdict.Reject(long.Parse(File.ReadAllText(Path.Combine(dir, name + ".offset")).Trim(), CultureInfo.InvariantCulture));
            return (name, input, expected);
        }).ToArray();
    }

    [Fact]
    public void TheLibraryPassesEveryCase()
    {
        var cases = Cases();
        Assert.True(cases.Length >= 100, $"only {cases.Length} cases");
        var failures = cases.Where(c => !c.Expected.Agrees(LibraryVerdict.Of(c.Input)))
            .Select(c => $"{c.Name}: expected {c.Expected}, c# {LibraryVerdict.Of(c.Input)}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void TheHostPhpStillGivesEveryExpectation()
    {
        var cases = Cases();
        List<Verdict> php = PhpJudge.Host(cases.Select(c => c.Input).ToList());
        var failures = new List<string>();
        for (int i = 0; i < cases.Length; i++)
        {
            if (!cases[i].Expected.Agrees(php[i])) failures.Add($"{cases[i].Name}: corpus {cases[i].Expected}, php {php[i]}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
