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
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Run {env.StartedUtc}: {env.Cores} x {env.Cpu}; PHP {env.PhpVersion}; {env.DotNet}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1/5/15 min) at start: {env.LoadAtStart}; at end: {env.LoadAtEnd}");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- {options.Rounds} rounds x {options.Milliseconds} ms of CPU time per side and row, PHP and C# back to back (alternating who goes first); best round of each side.");
        sb.AppendLine("- Rates are per CPU second (getrusage user+sys, both sides); 'wall' is the same ratio from wall-clock time.");
        sb.AppendLine();
        sb.AppendLine("| workload | PHP | C# | C#/PHP | per round | wall | target | |");
        sb.AppendLine("|---|--:|--:|--:|---|--:|---|---|");
        foreach (CompareItem item in items)
        {
            ItemResult r = results[item];
            double Metric(Sample s, bool cpu) => item.Throughput ? s.MiBPerSecond(cpu) : s.OpsPerSecond(cpu);
            double php = r.Php.Max(s => Metric(s, true)), cs = r.CSharp.Max(s => Metric(s, true));
            double ratio = cs / php;
            double wallRatio = r.CSharp.Max(s => Metric(s, false)) / r.Php.Max(s => Metric(s, false));
            var perRound = r.Php.Zip(r.CSharp, (p, c) => Metric(c, true) / Metric(p, true)).ToList();
            string target = item.TargetRatio is double t ? $">= {t:0.##}x" : "(info)";
            bool? met = item.TargetRatio is double tr ? ratio >= tr : null;
            // A best-of ratio just under the target while some round reached it is not a clear miss.
            bool noise = item.TargetRatio is double tn && ratio < tn && perRound.Max() >= tn;
            if (item.MinMiBPerSecond is double min)
            {
                target += $", >= {min / 1024:0.##} GiB/s";
                met = (met ?? true) && cs >= min;
            }
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {item.Name} | {Format(php, item.Throughput)} | {Format(cs, item.Throughput)} | {ratio:0.00}x | {perRound.Min():0.00}..{perRound.Max():0.00}x | {wallRatio:0.00}x | {target} | {(met switch { true => "met", false when noise => "missed (within noise)", false => "**missed**", null => "" })} |");
        }
        return sb.ToString();
    }

    private static string Format(double value, bool throughput) => throughput
        ? value >= 1024 ? string.Create(CultureInfo.InvariantCulture, $"{value / 1024:0.00} GiB/s") : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} MiB/s")
        : string.Create(CultureInfo.InvariantCulture, $"{value / 1000:0.0} k ops/s");
}
