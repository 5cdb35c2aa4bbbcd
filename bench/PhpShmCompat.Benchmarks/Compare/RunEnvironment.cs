using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>What the numbers were measured on: machine, versions and the load around the run.</summary>
internal sealed record RunEnvironment(string StartedUtc, string Cpu, int Cores, string PhpVersion, string DotNet, string LoadAtStart, string LoadAtEnd)
{
    public static RunEnvironment Capture(string php) => new(
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        CpuModel(), Environment.ProcessorCount, ReadPhpVersion(php), RuntimeInformation.FrameworkDescription, LoadAverage(), "");

    public RunEnvironment WithLoadAtEnd() => this with { LoadAtEnd = LoadAverage() };

    /// <summary>The 1/5/15-minute load averages from /proc/loadavg (what <c>uptime</c> shows).</summary>
    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { return "?"; }
    }

    private static string ReadPhpVersion(string php)
    {
        var start = new ProcessStartInfo(php) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-r");
        start.ArgumentList.Add("echo PHP_VERSION, ' opcache.enable_cli=', (int)ini_get('opcache.enable_cli'), ' jit=', ini_get('opcache.jit') ?: 'off';");
        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {php}");
        string v = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return v;
    }
}
