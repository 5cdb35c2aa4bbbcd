using PhpShmCompat.TestSupport.Differential;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// The serializer's differential test against the PHP versions in the containers: the same
/// generated inputs, judged by that PHP in one process per batch and by the library.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class ContainerDifferentialTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private const int Count = 20_000;
    private const int Seed = 20261202;

    [DockerTheory]
    [InlineData("7.4")]
    [InlineData("8.4")]
    public async Task LibraryAndContainerPhpAgreeOnEveryGeneratedInput(string version)
    {
        if (DockerSkip.MissingImage(version) is string missing) Assert.Fail(missing);
        var php = await pool.GetAsync(version, output);
        string script = "/tmp/phpshm-judge.php";
        await php.CopyFileAsync(System.Text.Encoding.UTF8.GetBytes(PhpJudge.ScriptText), script);
        List<Verdict> Judge(IReadOnlyList<byte[]> inputs)
        {
            string id = Guid.NewGuid().ToString("N");
            string input = $"/tmp/phpshm-in-{id}", result = $"/tmp/phpshm-out-{id}";
            php.CopyFileAsync(PhpJudge.Frame(inputs), input).GetAwaiter().GetResult();
            php.ExecAsync(["php", script, input, result]).GetAwaiter().GetResult().EnsureSuccess();
            byte[] bytes = php.ReadFileAsync(result).GetAwaiter().GetResult();
            php.ExecAsync(["rm", "-f", input, result]).GetAwaiter().GetResult();
            return PhpJudge.Parse(bytes, inputs.Count);
        }
        // PHP 7.4 reports some errors at other offsets than PHP 8 (whose offsets the library follows).
        string phpVersion = string.Join('.', php.PhpVersion.Split('.').Take(2));
        var run = new DifferentialRun(Judge, LibraryVerdict.Of,
            x => IntendedDifferences.Of(x, LibraryVerdict.Options) ?? IntendedDifferences.VersionDifference(x, phpVersion))
        {
            BatchSize = Count,
            CompareOffsets = !version.StartsWith("7.", StringComparison.Ordinal),
        };
        DifferentialReport report = await Task.Run(() => run.Run(phpVersion, Seed, Count));
        output.WriteLine(report.Summary);
        Assert.True(report.Differ == 0, report.ToString());
    }
}
