using System.Diagnostics;
using System.Globalization;
using PhpShmCompat.Benchmarks.Corpus;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>
/// Runs one C# row in a fresh process of this program (<c>compare-one</c>), as the PHP side runs
/// each item in a fresh <c>php</c>: nothing an earlier row did to the heap, the GC's budgets or
/// the JIT is carried into the next one. Without it, rows that allocate large arrays measured
/// less than half of what they measure alone.
/// </summary>
internal static class CSharpProcess
{
    /// <summary>Warm-up of a fresh process: tiered JIT and dynamic PGO need a good second of CPU.</summary>
    public const int WarmupMilliseconds = 1500;

    /// <exception cref="InvalidOperationException">The child failed or printed something unexpected.</exception>
    public static Sample Run(CompareItem item, int milliseconds, int ipcKey, string corpus)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (item.RuntimeSetting is { } setting)
        {
            int eq = setting.IndexOf('=');
            if (eq <= 0) throw new InvalidOperationException($"row '{item.Name}': runtime setting '{setting}' is not NAME=value");
            start.Environment[setting[..eq]] = setting[(eq + 1)..];
        }
        // Started as `dotnet PhpShmCompat.Benchmarks.dll ...`: the child needs the assembly too.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(CSharpProcess).Assembly.Location);
        foreach (string a in new[] { "compare-one", "--item", item.Name, "--ms", Text(milliseconds), "--key", Text(ipcKey), "--corpus", corpus })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {self}");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Task<string> output = p.StandardOutput.ReadToEndAsync();
        // Warm-up plus the run, capped at 20x in wall time each, plus start-up: a child that takes
        // longer is stuck.
        var limit = TimeSpan.FromMilliseconds(20L * (WarmupMilliseconds + milliseconds)) + TimeSpan.FromSeconds(60);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"compare-one '{item.Name}' did not finish within {limit.TotalSeconds:0} s");
        }
        string stdout = output.Result.Trim();
        string[] fields = stdout.Split(' ');
        if (p.ExitCode != 0 || fields.Length != 4)
            throw new InvalidOperationException($"compare-one '{item.Name}' exited with {p.ExitCode}: {stderr.Result}{stdout}");
        return new Sample(long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture),
            double.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The child's side: <c>compare-one --item NAME --ms N --key K --corpus DIR</c> builds the row's
    /// workload, warms it up, times it and prints "ops bytes wall-seconds cpu-seconds".
    /// </summary>
    public static int RunChild(string[] args)
    {
        string? name = null, corpus = null;
        int milliseconds = 400, key = 0;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--item": name = args[i + 1]; break;
                case "--ms": milliseconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--key": key = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--corpus": corpus = args[i + 1]; break;
                default: Console.Error.WriteLine($"compare-one: unknown option {args[i]}"); return 2;
            }
        }
        CompareItem? item = CompareItem.All.FirstOrDefault(i => i.Name == name);
        if (item is null || corpus is null)
        {
            Console.Error.WriteLine("usage: compare-one --item NAME --ms N --key K --corpus DIR");
            return 2;
        }
        Environment.SetEnvironmentVariable(BenchPaths.CorpusVariable, corpus);
        Sample sample;
        using (var workload = item.Create(key))
            sample = CSharpSide.Run(workload, milliseconds, WarmupMilliseconds);
        Console.WriteLine(string.Join(' ', Text(sample.Ops), Text(sample.Bytes), Text(sample.Seconds), Text(sample.CpuSeconds)));
        return 0;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
