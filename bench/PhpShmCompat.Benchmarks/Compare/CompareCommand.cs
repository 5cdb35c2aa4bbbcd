using PhpShmCompat.Benchmarks.Corpus;
using PhpShmCompat.Benchmarks.Workloads;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>
/// The side-by-side run: for every PHP item, PHP and C# are timed back to back (alternating
/// who goes first each round, so load drifts hit both), for several rounds; the best run of
/// each side is compared.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string[] args)
    {
        CompareOptions options;
        try { options = CompareOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{e.Message}\nusage: {CompareOptions.Usage}");
            return 2;
        }

        Environment.SetEnvironmentVariable(BenchPaths.CorpusVariable, options.Corpus);
        BenchPaths.EnsureCorpus(options.Corpus, options.Php);
        var items = CompareItem.All
            .Where(i => options.ItemFilter is null || i.Name.Contains(options.ItemFilter, StringComparison.OrdinalIgnoreCase)
                                                   || i.PhpItem.Contains(options.ItemFilter, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (options.SameProcess)
        {
            // A runtime setting is read when a process starts: such rows need their own process.
            foreach (CompareItem skipped in items.Where(i => i.RuntimeSetting is not null))
                Console.Error.WriteLine($"skipped with --same-process: '{skipped.Name}' ({skipped.RuntimeSetting})");
            items.RemoveAll(i => i.RuntimeSetting is not null);
        }
        if (items.Count == 0)
        {
            Console.Error.WriteLine($"no item matches '{options.ItemFilter}'");
            return 2;
        }

        var environment = RunEnvironment.Capture(options.Php);
        var php = new PhpSide(options.Php, Path.Combine(BenchPaths.PhpScripts, "bench.php"), options.Corpus);
        var results = items.ToDictionary(i => i, _ => new ItemResult());
        using var keys = new IpcKeyScope();
        var groups = items.GroupBy(i => i.PhpItem).ToList();
        for (int round = 0; round < options.Rounds; round++)
        {
            Console.Error.Write($"round {round + 1}/{options.Rounds}:");
            foreach (var group in groups)
            {
                Console.Error.Write($" {group.Key}");
                bool phpFirst = round % 2 == 0;
                Sample phpSample = default;
                if (phpFirst) phpSample = php.Run(group.Key, options.Milliseconds, keys.NewKey());
                var csharp = new List<(CompareItem, Sample)>();
                foreach (CompareItem item in group)
                {
                    // Like the PHP side, each C# run gets a fresh process. With --same-process it
                    // runs here instead, holding only its own corpus and objects (the workload is
                    // made for the run and dropped after it); the first round warms the JIT up
                    // (tiered compilation, dynamic PGO) for longer.
                    if (!options.SameProcess)
                    {
                        csharp.Add((item, CSharpProcess.Run(item, options.Milliseconds, keys.NewKey(), options.Corpus)));
                        continue;
                    }
                    using IWorkload workload = item.Create(keys.NewKey());
                    csharp.Add((item, CSharpSide.Run(workload, options.Milliseconds, round == 0 ? CSharpProcess.WarmupMilliseconds : 100)));
                }
                if (!phpFirst) phpSample = php.Run(group.Key, options.Milliseconds, keys.NewKey());
                foreach ((CompareItem item, Sample sample) in csharp) results[item].Add(phpSample, sample);
            }
            Console.Error.WriteLine();
        }

        environment = environment.WithLoadAtEnd();
        string table = ReportTable.Render(items, results, options, environment);
        Console.WriteLine(table);
        if (options.MarkdownPath is not null) File.WriteAllText(options.MarkdownPath, table);
        return 0;
    }
}

/// <summary>The per-round samples of one row.</summary>
internal sealed class ItemResult
{
    public List<Sample> Php { get; } = [];
    public List<Sample> CSharp { get; } = [];

    public void Add(Sample php, Sample csharp)
    {
        Php.Add(php);
        CSharp.Add(csharp);
    }
}
