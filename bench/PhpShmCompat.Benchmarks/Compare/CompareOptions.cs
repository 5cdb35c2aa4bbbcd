using System.Globalization;
using PhpShmCompat.Benchmarks.Corpus;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>Command line of <c>compare</c>.</summary>
internal sealed record CompareOptions
{
    public string Php { get; init; } = "php";
    public string Corpus { get; init; } = BenchPaths.DefaultCorpus;
    public int Milliseconds { get; init; } = 400;
    public int Rounds { get; init; } = 3;
    public string? ItemFilter { get; init; }
    public string? MarkdownPath { get; init; }
    public bool SameProcess { get; init; }

    public const string Usage =
        "compare [--php PATH] [--corpus DIR] [--ms N (CPU ms per timed run, default 400)] [--rounds N (default 3)] [--items SUBSTRING] [--markdown FILE] [--same-process (C# rows in this process, not one fresh process each)]";

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static CompareOptions Parse(string[] args)
    {
        var o = new CompareOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Positive() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
                ? n : throw new ArgumentException($"{args[i - 1]} needs a positive integer");
            o = args[i] switch
            {
                "--php" => o with { Php = Value() },
                "--corpus" => o with { Corpus = Path.GetFullPath(Value()) },
                "--ms" => o with { Milliseconds = Positive() },
                "--rounds" => o with { Rounds = Positive() },
                "--items" => o with { ItemFilter = Value() },
                "--markdown" => o with { MarkdownPath = Value() },
                "--same-process" => o with { SameProcess = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
