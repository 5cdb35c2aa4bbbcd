using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PhpShmCompat.Benchmarks.Corpus;

/// <summary>Where the PHP scripts and the corpus are; generates the corpus when it is missing.</summary>
internal static class BenchPaths
{
    /// <summary>Environment variable naming the corpus directory (inherited by BenchmarkDotNet's child processes).</summary>
    public const string CorpusVariable = "PHPSHM_BENCH_CORPUS";

    /// <summary>The corpus used when none is named: a fixed temp directory, generated once.</summary>
    public static readonly string DefaultCorpus = Path.Combine(Path.GetTempPath(), "phpshmcompat-bench-corpus");

    /// <summary><c>bench/php</c> in the source tree this binary was built from.</summary>
    public static string PhpScripts { get; } = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "php"));

    /// <summary>The corpus directory: <see cref="CorpusVariable"/>, else <see cref="DefaultCorpus"/>.</summary>
    public static string CorpusDirectory =>
        Environment.GetEnvironmentVariable(CorpusVariable) is { Length: > 0 } dir ? dir : DefaultCorpus;

    /// <summary>Path of one corpus file (<c>mixed</c>, <c>strings</c>, <c>records</c>, <c>shm</c>, <c>msg</c>).</summary>
    public static string CorpusPath(string name) => Path.Combine(CorpusDirectory, name + ".bin");

    /// <summary>Runs <c>gen-corpus.php</c> into <paramref name="directory"/> unless its manifest is already there.</summary>
    public static void EnsureCorpus(string directory, string php = "php")
    {
        if (File.Exists(Path.Combine(directory, "manifest.json"))) return;
        var start = new ProcessStartInfo(php) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(PhpScripts, "gen-corpus.php"));
        start.ArgumentList.Add(directory);
        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {php}");
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"gen-corpus.php failed ({p.ExitCode}): {stderr}{stdout}");
    }

    private static string SourceDirectory([CallerFilePath] string file = "") => Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
