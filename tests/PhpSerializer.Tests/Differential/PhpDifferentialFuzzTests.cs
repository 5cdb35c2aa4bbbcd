using PhpShmCompat.TestSupport.Differential;
using Xunit.Abstractions;

namespace PhpSerializer.Tests.Differential;

/// <summary>
/// The library against the host's PHP on generated inputs PHP accepts but never writes itself
/// (and near misses it rejects): both must accept with the same re-serialized bytes, or both
/// reject at the same offset. PHP judges every input in one long-running process per batch.
/// <c>PHPSHM_DIFFERENTIAL_COUNT</c> and <c>PHPSHM_DIFFERENTIAL_SEED</c> change the run (a long
/// run: <c>tools/differential.sh</c>).
/// </summary>
public class PhpDifferentialFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCount = 200_000;
    private const int DefaultSeed = 20261201;

    [Fact]
    public void LibraryAndPhpAgreeOnEveryGeneratedInput()
    {
        long count = long.TryParse(Environment.GetEnvironmentVariable("PHPSHM_DIFFERENTIAL_COUNT"), out long c) ? c : DefaultCount;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("PHPSHM_DIFFERENTIAL_SEED"), out int s) ? s : DefaultSeed;
        var run = new DifferentialRun(PhpJudge.Host, LibraryVerdict.Of, input => IntendedDifferences.Of(input, LibraryVerdict.Options));
        DifferentialReport report = run.Run(PhpJudge.HostVersion(), seed, count);
        output.WriteLine(report.Summary);
        Assert.True(report.Differ == 0, report.ToString());
        // The generator must keep both sides busy: a run that PHP (almost) only rejects proves little.
        Assert.InRange(report.Accepted, count / 4, count - count / 10);
    }
}
