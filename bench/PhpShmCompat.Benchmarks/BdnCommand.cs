using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PhpShmCompat.Benchmarks.Corpus;

namespace PhpShmCompat.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point. Benchmarks run in-process (no generated child project is built,
/// which keeps the shared 2-core machine's build directories alone) with the memory diagnoser.
/// Example: <c>dotnet run -c Release -- bdn --filter '*Shm*'</c>; add <c>--job short</c> for a quicker run.
/// </summary>
internal static class BdnCommand
{
    public static int Run(string[] args)
    {
        string corpus = BenchPaths.CorpusDirectory;
        Environment.SetEnvironmentVariable(BenchPaths.CorpusVariable, corpus);
        BenchPaths.EnsureCorpus(corpus);

        IConfig config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithId("InProcess"))
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(BdnCommand).Assembly).Run(args, config);
        return 0;
    }
}
