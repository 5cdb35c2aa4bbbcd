using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PhpShmCompat;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShm.Cli.Tests.Operators;

/// <summary>
/// <c>phpshm repair</c> on segments left by PHP and .NET writers killed with SIGKILL at random
/// moments of a replace loop. The oracle knows every value the writers can write (the value
/// names its variable and iteration), so it finds each intact chunk in the damaged image on its
/// own, by searching for the values' bytes, and checks the repair kept exactly those.
/// </summary>
public sealed class RepairCommandTests(ITestOutputHelper output)
{
    private const int MaxLen = 400_000;
    private const long Size = 4_000_000;
    private const int Variables = 6;

    private static string WorkerPath => Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll");

    // The PHP writer: the same values as IpcWorker's shm-churn, replacing variables 1..6 in turn.
    private static string PhpChurn(int key) => $$"""
        <?php
        $s = shm_attach({{key}}, {{Size}}, 0600);
        for ($i = 0; ; $i++) {
            $k = 1 + $i % {{Variables}};
            $len = 1 + (($k * 7919 + $i * 104729) % {{MaxLen}});
            shm_put_var($s, $k, "k{$k}i{$i}:" . str_repeat(chr(97 + ($k * 3 + $i) % 26), $len));
            if ($i == {{Variables}}) { echo "ready\n"; flush(); }
        }
        """;

    private static byte[] Serialized(int k, long i)
    {
        long length = 1 + (((k * 7919L) + (i * 104729L)) % MaxLen);
        string v = string.Create(CultureInfo.InvariantCulture, $"k{k}i{i}:") + new string((char)('a' + (((k * 3) + i) % 26)), (int)length);
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"s:{v.Length}:\"{v}\";"));
    }

    [Fact]
    public void RepairAfterWritersKilledAtRandomMomentsKeepsEveryIntactVariable()
    {
        using var keys = new IpcKeyScope();
        string dir = Directory.CreateTempSubdirectory("phpshm-repair").FullName;
        var rng = new Random(1818);
        // At least 56 runs; more (up to 200) until at least 3 kills left a corrupt segment, as most leave a valid one.
        int runs = 0, corrupt = 0, valid = 0, intactVars = 0, recovered = 0, missingInValid = 0, lostCorrupt = 0, pastEnd = 0, damagedKept = 0, damagedFlagged = 0;
        var byWriter = new Dictionary<string, (int Runs, int Corrupt)> { ["php"] = (0, 0), ["dotnet"] = (0, 0) };
        try
        {
            for (int run = 0; run < 56 || (corrupt < 3 && run < 200); run++)
            {
                runs++;
                string writer = run % 2 == 0 ? "php" : "dotnet";
                int key = keys.NewKey();
                byte[] damaged = KillWriter(writer, key, dir, rng.Next(0, 60));
                Dictionary<long, List<byte[]>> intact = IntactChunks(damaged);
                bool wasValid;
                using (var probe = PhpSharedMemory.Open(key, readOnly: true)) wasValid = probe.Validate(includeValues: true).IsValid;

                string imagePath = Path.Combine(dir, $"run{run}.img");
                CliResult repair = CliRunner.Run("repair", Php.Hex(key), "--image", imagePath, "--json");
                Assert.True(repair.ExitCode == 0, repair.ToString());
                JsonElement report = JsonDocument.Parse(repair.Stdout).RootElement;
                Assert.Equal(damaged, File.ReadAllBytes(imagePath)); // the image as found, saved first
                Assert.Equal(wasValid, report.GetProperty("wasValid").GetBoolean());

                byte[] after;
                IReadOnlyList<KeyValuePair<long, byte[]>> vars;
                using (var segment = PhpSharedMemory.Open(key, readOnly: true))
                {
                    after = segment.ReadImage();
                    vars = segment.ReadAllRaw();
                }
                var (r, c) = byWriter[writer];
                byWriter[writer] = (r + 1, c + (wasValid ? 0 : 1));
                if (wasValid)
                {
                    valid++;
                    Assert.Equal(damaged, after); // a readable segment is never touched
                    missingInValid += Variables - vars.Count;
                }
                else
                {
                    corrupt++;
                    Assert.Equal(0, CliRunner.Run("check", Php.Hex(key)).ExitCode);
                    Assert.True(vars.Select(v => v.Key).Distinct().Count() == vars.Count, "a key stored twice");
                    foreach (var (k, values) in intact)
                    {
                        intactVars++;
                        byte[]? kept = vars.FirstOrDefault(v => v.Key == k).Value;
                        Assert.True(kept is not null, $"run {run} ({writer}): variable {k} had an intact chunk and was not kept");
                        Assert.Contains(values, v => v.AsSpan().SequenceEqual(kept));
                        recovered++;
                    }
                    // Every kept value is one the oracle found intact, except a chunk whose framing survived a
                    // killed copy while its middle did not: serialize() data has no checksum, so repair cannot tell
                    // (only for a key with no intact chunk at all; counted, and flagged suspect when it ends at the damage).
                    var suspect = report.GetProperty("kept").EnumerateArray().Where(e => e.GetProperty("suspect").GetBoolean()).Select(e => e.GetProperty("var").GetInt64()).ToHashSet();
                    foreach (var (k, data) in vars)
                    {
                        if (intact.TryGetValue(k, out var values) && values.Any(v => v.AsSpan().SequenceEqual(data))) continue;
                        Assert.False(intact.ContainsKey(k), $"run {run}: variable {k} was kept from a damaged chunk although an intact one exists");
                        // Still one of the writer's values in its framing: its own "k{K}i" name at the start.
                        Assert.Contains($":\"k{k}i", Encoding.ASCII.GetString(data, 0, Math.Min(24, data.Length)));
                        damagedKept++;
                        if (suspect.Contains(k)) damagedFlagged++;
                    }
                    lostCorrupt += Variables - vars.Count;
                    // Not searched (free space also holds stale copies): intact chunks of lost keys past the header's end.
                    pastEnd += IntactChunks(damaged, pastEndOnly: true).Keys.Count(k => vars.All(v => v.Key != k));
                    // PHP reads every kept variable, byte for byte.
                    string php = Php.RunText($"$s = shm_attach({key}); foreach ([{string.Join(",", vars.Select(v => v.Key))}] as $k) echo base64_encode(serialize(shm_get_var($s, $k))), \"\\n\";");
                    Assert.Equal(vars.Select(v => Convert.ToBase64String(v.Value)), php.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                }
                IpcKeyScope.RemoveAll(key);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        string summary = $"repair: {runs} writers killed at random moments (PHP {byWriter["php"].Runs} runs, {byWriter["php"].Corrupt} corrupt; .NET {byWriter["dotnet"].Runs} runs, {byWriter["dotnet"].Corrupt} corrupt); " +
            $"{valid} valid segments left untouched ({missingInValid} replaced variable(s) missing in them); {corrupt} corrupt segments repaired: " +
            $"{recovered} of {intactVars} intact variables recovered byte-identical, {lostCorrupt} variable(s) had no intact chunk below the header's end ({pastEnd} of them had one past it, in free space, which repair does not search); {damagedKept} kept value(s) well-formed but not byte-identical to any value written (a killed copy left the middle of a string; {damagedFlagged} of them flagged suspect); every result passes check and PHP reads it";
        output.WriteLine(summary);
        Assert.True(corrupt > 0, "no kill left a corrupt segment: the test did not exercise the repair (" + summary + ")");
    }

    [Fact]
    public void TheLibraryCallRepairsASegmentWhoseChainIsBrokenAndSaysWhatWasLost()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$s = shm_attach({key}, 4000, 0600); shm_put_var($s, 1, 'one'); shm_put_var($s, 2, str_repeat('b', 300)); shm_put_var($s, 3, [1, 2]);");
        // Break variable 2's header: its next field (at 40 + 24 + 16 + 8... ) is overwritten.
        using (var s = PhpSharedMemory.Open(key))
        {
            byte[] image = s.ReadImage();
            int second = 40 + (int)BitConverter.ToInt64(image, 40 + 16);
            BitConverter.GetBytes(999_999L).CopyTo(image, second + 16);
            Php.Run($"$s = shmop_open({key}, 'w', 0, 0); shmop_write($s, base64_decode('{Convert.ToBase64String(image.AsSpan(second, 24))}'), {second});");
        }
        Assert.Equal(3, CliRunner.Run("check", Php.Hex(key)).ExitCode);
        string path = Path.Combine(Path.GetTempPath(), $"phpshm-repair-{key:x8}.img");
        try
        {
            PhpShmRepairReport r = PhpShmRepair.Repair(key, new PhpShmRepairOptions { ImagePath = path });
            Assert.True(r.Rewritten);
            Assert.Equal([1L, 3L], r.Kept.Select(v => v.Key));
            Assert.Single(r.UnreadableRanges);
            // Variable 1 ends where the unreadable bytes begin: flagged for a look (here it is whole), variable 3 not.
            Assert.Equal([true, false], r.Kept.Select(v => v.Suspect));
            Assert.Equal(0, CliRunner.Run("check", Php.Hex(key)).ExitCode);
            Assert.Equal("one|1,2|no", Php.RunText($"$s = shm_attach({key}); echo shm_get_var($s, 1), '|', implode(',', shm_get_var($s, 3)), '|', shm_has_var($s, 2) ? 'yes' : 'no';"));
            // Run again: the segment is valid now and is left as it is; the image file is never overwritten.
            Assert.Throws<IOException>(() => PhpShmRepair.Repair(key, new PhpShmRepairOptions { ImagePath = path }));
            File.Delete(path);
            PhpShmRepairReport again = PhpShmRepair.Repair(key, new PhpShmRepairOptions { ImagePath = path });
            Assert.True(again.WasValid);
            Assert.False(again.Rewritten);
            CliResult text = CliRunner.Run("repair", Php.Hex(key), "--image", path + ".2");
            Assert.Contains("is valid (2 variable(s)); nothing changed", text.StdoutText);
            File.Delete(path + ".2");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RepairLeavesASegmentWithoutPhpMagicAlone()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"$r = shmop_open({key}, 'c', 0600, 100); shmop_write($r, 'raw bytes of another program', 0);");
        byte[] before = Php.Image(key);
        string path = Path.Combine(Path.GetTempPath(), $"phpshm-raw-{key:x8}.img");
        CliResult r = CliRunner.Run("repair", Php.Hex(key), "--image", path);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("not a sysvshm segment", r.Stderr);
        Assert.False(File.Exists(path));
        Assert.Equal(before, Php.Image(key));
    }

    /// <summary>Starts a writer, lets it run for a while after its first round, kills it and returns the segment's image.</summary>
    private static byte[] KillWriter(string writer, int key, string dir, int delayMs)
    {
        ProcessStartInfo psi;
        if (writer == "php")
        {
            string script = Path.Combine(dir, $"churn-{key:x8}.php");
            File.WriteAllText(script, PhpChurn(key));
            psi = new ProcessStartInfo(PhpRunner.PhpPath, script);
        }
        else
        {
            psi = new ProcessStartInfo("dotnet");
            foreach (string a in new[] { WorkerPath, "shm-churn", key.ToString(CultureInfo.InvariantCulture), Size.ToString(CultureInfo.InvariantCulture), MaxLen.ToString(CultureInfo.InvariantCulture) })
                psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardOutput = true;
        psi.UseShellExecute = false;
        using Process p = Process.Start(psi)!;
        try
        {
            Assert.Equal("ready", p.StandardOutput.ReadLine());
            Thread.Sleep(delayMs);
        }
        finally
        {
            p.Kill();
            p.WaitForExit();
        }
        using var segment = PhpSharedMemory.Open(key, readOnly: true);
        return segment.ReadImage();
    }

    /// <summary>
    /// Every intact chunk of a writer's value: the oracle looks for each value's own bytes
    /// ("k{K}i{I}:" names it), then checks the whole serialized value and the chunk header PHP
    /// writes before it (key, length, next), on a word boundary, starting below the header's end.
    /// </summary>
    private static Dictionary<long, List<byte[]>> IntactChunks(byte[] image, bool pastEndOnly = false)
    {
        long end = BitConverter.ToInt64(image, 16), total = BitConverter.ToInt64(image, 32);
        long limit = total >= 40 && total <= image.Length ? total : image.Length;
        long searchEnd = end >= 40 && end <= limit ? end : limit;
        var found = new Dictionary<long, List<byte[]>>();
        for (int k = 1; k <= Variables; k++)
        {
            byte[] marker = Encoding.ASCII.GetBytes($":\"k{k}i");
            int from = 0;
            while (true)
            {
                int at = image.AsSpan(from).IndexOf(marker);
                if (at < 0) break;
                at += from;
                from = at + 1;
                int digits = at + marker.Length, stop = digits;
                while (stop < image.Length && image[stop] is >= (byte)'0' and <= (byte)'9') stop++;
                if (stop == digits || stop >= image.Length || image[stop] != ':') continue;
                long i = long.Parse(Encoding.ASCII.GetString(image, digits, stop - digits), CultureInfo.InvariantCulture);
                byte[] expected = Serialized(k, i);
                int prefix = expected.AsSpan().IndexOf(marker);
                int dataStart = at - prefix, chunk = dataStart - 24;
                if (chunk < 40 || (chunk - 40) % 8 != 0 || (pastEndOnly ? chunk + 24 <= searchEnd : chunk + 24 > searchEnd) || dataStart + expected.Length > limit) continue;
                if (!image.AsSpan(dataStart, expected.Length).SequenceEqual(expected)) continue;
                long chunkSize = ((expected.Length + 31) / 8 * 8) + 8;
                if (BitConverter.ToInt64(image, chunk) != k || BitConverter.ToInt64(image, chunk + 8) != expected.Length || BitConverter.ToInt64(image, chunk + 16) != chunkSize) continue;
                if (!found.TryGetValue(k, out var list)) found[k] = list = [];
                if (!list.Any(v => v.AsSpan().SequenceEqual(expected))) list.Add(expected);
            }
        }
        return found;
    }
}
