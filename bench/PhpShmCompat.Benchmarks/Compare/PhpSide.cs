using System.Diagnostics;
using System.Text.Json;

namespace PhpShmCompat.Benchmarks.Compare;

/// <summary>Runs one item of <c>bench/php/bench.php</c> in a fresh <c>php</c> process and reads its JSON line.</summary>
internal sealed class PhpSide(string php, string script, string corpus)
{
    /// <summary>Times <paramref name="item"/> for about <paramref name="milliseconds"/> ms of CPU time (PHP's own loop and clocks).</summary>
    /// <exception cref="InvalidOperationException">php failed or printed something unexpected.</exception>
    public Sample Run(string item, int milliseconds, int ipcKey)
    {
        var start = new ProcessStartInfo(php) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-d", "memory_limit=2G", script, item, corpus,
                     milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     ipcKey.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {php}");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"php {item} exited with {p.ExitCode}: {stderr.Result}{stdout}");
        try
        {
            using JsonDocument json = JsonDocument.Parse(stdout);
            JsonElement r = json.RootElement;
            if (r.GetProperty("item").GetString() != item) throw new InvalidOperationException($"php answered for another item: {stdout}");
            return new Sample(r.GetProperty("ops").GetInt64(), r.GetProperty("bytes").GetInt64(),
                r.GetProperty("seconds").GetDouble(), r.GetProperty("cpuSeconds").GetDouble());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException)
        {
            throw new InvalidOperationException($"php {item}: unexpected output '{stdout}' ({stderr.Result})", e);
        }
    }
}
