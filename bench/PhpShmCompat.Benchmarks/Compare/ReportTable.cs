using System.Globalization;
using System.Text;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>Renders the comparison as a Markdown table (readable in a terminal too).</summary>
internal static class ReportTable
{
    public static string Render(IReadOnlyList<CompareItem> items, IReadOnlyDictionary<CompareItem, ItemResult> results,
        CompareOptions options, RunEnvironment env)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run {env.StartedUtc}: {env.Cores} x {env.Cpu}; PHP {env.PhpVersion}; {env.DotNet}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Load average (1/5/15 min) at start: {env.LoadAtStart}; at end: {env.LoadAtEnd}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{options.Rounds} rounds x {options.Milliseconds} ms per side and row, PHP and C# back to back; best round of each side shown.");
        sb.AppendLine();
        sb.AppendLine("| workload | PHP | C# | C#/PHP | C#/PHP per round | target | |");
        sb.AppendLine("|---|--:|--:|--:|---|---|---|");
        foreach (CompareItem item in items)
        {
            ItemResult r = results[item];
            double Metric(Sample s) => item.Throughput ? s.MiBPerSecond : s.OpsPerSecond;
            double php = r.Php.Max(Metric), cs = r.CSharp.Max(Metric);
            double ratio = cs / php;
            var perRound = r.Php.Zip(r.CSharp, (p, c) => Metric(c) / Metric(p)).ToList();
            string target = item.TargetRatio is double t ? $">= {t:0.##}x" : "(info)";
            bool? met = item.TargetRatio is double tr ? ratio >= tr : null;
            if (item.MinMiBPerSecond is double min)
            {
                target += $", >= {min / 1024:0.##} GiB/s";
                met = (met ?? true) && cs >= min;
            }
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {item.Name} | {Format(php, item.Throughput)} | {Format(cs, item.Throughput)} | {ratio:0.00}x | {perRound.Min():0.00}..{perRound.Max():0.00}x | {target} | {(met switch { true => "met", false => "**missed**", null => "" })} |");
        }
        return sb.ToString();
    }

    private static string Format(double value, bool throughput) => throughput
        ? value >= 1024 ? string.Create(CultureInfo.InvariantCulture, $"{value / 1024:0.00} GiB/s") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} MiB/s")
        : string.Create(CultureInfo.InvariantCulture, $"{value / 1000:0.0} k ops/s");
}
