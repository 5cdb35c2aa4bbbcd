using System.Globalization;
using PhpSerializer;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>
/// A PHP process puts and removes variables with no lock while C# reads the same segment through
/// every read path (document, value model, typed, one pass, raw). Every read must end in a value
/// or a typed error; every value it presents must be one PHP wrote whole (each value checks
/// itself: its string is one letter repeated, letter and length given by its number); and the
/// process must not crash, which an access outside the mapping would make it do.
/// </summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmUnlockedWriterTests(ITestOutputHelper output)
{
    /// <summary>Seconds the writer runs; at least a minute unless the environment says otherwise.</summary>
    private const string DurationVariable = "PHPSHM_UNLOCKED_WRITER_SECONDS";

    [Fact]
    public void ReadsBesideAnUnlockedPhpWriterEndInWholeValuesOrTypedErrors()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable(DurationVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0 ? s : 60;
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(ReadsBesideAnUnlockedPhpWriterEndInWholeValuesOrTypedErrors));
        // The reader says writers hold no lock: every read also proves the whole chunk list.
        using var shm = PhpSharedMemory.Attach(key, 16384, null, new PhpSharedMemoryOptions { UnlockedWriters = true });
        string script = Path.Combine(Path.GetTempPath(), $"shm-unlocked-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, $$"""
            <?php
            mt_srand(2024);
            $shm = shm_attach({{key}}, 16384, 0600);
            $stop = microtime(true) + {{seconds}};
            $n = 0; $ops = 0;
            while (microtime(true) < $stop) {
                for ($i = 0; $i < 200; $i++, $ops++) {
                    $k = mt_rand(0, 29);
                    if (mt_rand(0, 4) === 0) { @shm_remove_var($shm, $k); continue; }
                    $n++;
                    // A value that checks itself: its string is one letter, repeated, both given by n.
                    @shm_put_var($shm, $k, ['n' => (string)$n, 's' => str_repeat(chr(97 + $n % 26), 10 + $n % 150)]);
                }
            }
            echo "done $ops";
            """);
        using var php = PhpRunner.Start(script);
        try
        {
            php.StandardInput.Close();
            var counts = new Dictionary<string, int>();
            void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;
            var rng = new Random(7);
            using PhpDocument reused = PhpDocument.Create();
            long reads = 0;
            string? torn = null;
            while (!php.HasExited)
            {
                long varKey = rng.Next(30);
                reads++;
                try
                {
                    switch (rng.Next(7))
                    {
                        case 0:
                            if (shm.TryGetDocument(varKey, reused)) { CheckWhole(reused.RootElement); Count("document"); }
                            break;
                        case 1:
                            if (shm.TryGetDocument(varKey, out PhpDocument? document))
                            {
                                using (document) CheckWhole(document.RootElement);
                                Count("document");
                            }
                            break;
                        case 2:
                            if (shm.TryGet(varKey, out PhpValue? value)) { CheckWhole((PhpArray)value); Count("value"); }
                            break;
                        case 3:
                            if (shm.TryGet(varKey, out Dictionary<string, string>? typed)) { CheckWhole(typed!["n"], typed["s"]); Count("typed"); }
                            break;
                        case 4:
                            if (rng.Next(8) == 0)
                            {
                                foreach (var pair in shm.GetAll()) CheckWhole((PhpArray)pair.Value);
                                Count("all");
                            }
                            break;
                        case 5:
                            if (rng.Next(8) == 0)
                            {
                                shm.ForEach(0, static (_, element, _) => CheckWhole(element));
                                Count("foreach");
                            }
                            break;
                        default:
                            shm.TryReadRaw(varKey, 0, static (span, _) => span.Length, out _);
                            shm.Has(varKey);
                            Count("raw");
                            break;
                    }
                }
                catch (TornValueException e)
                {
                    Count("torn");
                    torn ??= e.Message;
                }
                catch (PhpShmCorruptException e)
                {
                    Count(e.Problem.Value.StartsWith("changed while being read", StringComparison.Ordinal) ? "changing, refused" : "corrupt while moving");
                }
            }
            string done = php.StandardOutput.ReadToEnd();
            Assert.Equal(0, php.ExitCode);
            Assert.StartsWith("done", done);
            string summary = $"{seconds} s, PHP {done[5..]} puts/removes, C# {reads} reads: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"));
            output.WriteLine(summary + (torn is null ? "" : $"; first torn value: {torn}"));
            // What must hold: every read ends in a value or a PhpShmCorruptException (anything else
            // escaped the catch above and failed the test), nothing outside the mapping was touched
            // (the process is still alive), and torn values are rare.
            Assert.True(counts.GetValueOrDefault("torn") * 10_000L <= reads, $"too many torn values: {summary}");
            foreach (string path in new[] { "document", "value", "typed", "all", "foreach", "raw" })
                Assert.True(counts.GetValueOrDefault(path) > 10, $"the {path} read path returned too few values: {summary}");
        }
        finally
        {
            if (!php.HasExited) php.Kill(entireProcessTree: true);
            php.WaitForExit();
            File.Delete(script);
            shm.Destroy();
        }
    }

    private static void CheckWhole(PhpElement root) => CheckWhole(root["n"].GetString(), root["s"].GetString());

    private static void CheckWhole(PhpArray value) => CheckWhole(((PhpString)value["n"]).ToUtf8String(), ((PhpString)value["s"]).ToUtf8String());

    // A torn value presented as good shows here: its number and its string disagree. It is
    // counted, not failed on: without a lock no check after the copy can rule one out (see
    // docs/sysvshm.md), and the count is what the run reports.
    private static void CheckWhole(string number, string s)
    {
        long n = long.Parse(number, CultureInfo.InvariantCulture);
        char letter = (char)('a' + (n % 26));
        if (s.Length != 10 + (n % 150) || !s.All(c => c == letter)) throw new TornValueException($"value {n} is torn: \"{s}\"");
    }

    private sealed class TornValueException(string message) : Exception(message);
}
