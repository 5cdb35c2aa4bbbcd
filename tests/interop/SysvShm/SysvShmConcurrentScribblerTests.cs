using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>
/// A PHP process scribbles random values over the header and chunks while C# keeps operating on
/// the same live segment: every C# call must succeed or throw the typed exceptions (fields are
/// read once and checked before use, so a concurrent change cannot cause an out-of-bounds access).
/// </summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmConcurrentScribblerTests
{
    [Fact]
    public void ConcurrentHostileWriterNeverCrashesCSharp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(ConcurrentHostileWriterNeverCrashesCSharp));
        using var shm = PhpSharedMemory.Attach(key, 2048);
        string script = Path.Combine(Path.GetTempPath(), $"shm-scribbler-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, $$"""
            <?php
            mt_srand(99);
            $raw = shmop_open({{key}}, "w", 0, 0);
            $stop = microtime(true) + 1.5;
            while (microtime(true) < $stop) {
                $v = [mt_rand(-100, 3000), -1, 0, PHP_INT_MAX, PHP_INT_MIN, 40, 2048, 2049][mt_rand(0, 7)];
                shmop_write($raw, pack('q', $v), 8 * mt_rand(1, 40));
                if (mt_rand(0, 20) === 0) { shmop_write($raw, "PHP_SM\0", 0); shmop_write($raw, pack('qqqq', 40, 40, 2008, 2048), 8); }
                if (mt_rand(0, 50) === 0) shmop_write($raw, "JUNK", 0);
            }
            echo "done";
            """);
        try
        {
            using var php = PhpRunner.Start(script);
            php.StandardInput.Close();
            var rng = new Random(5);
            int ok = 0, corrupt = 0, full = 0;
            while (!php.HasExited)
            {
                try
                {
                    switch (rng.Next(6))
                    {
                        case 0: shm.PutRaw(rng.Next(8), "s:5:\"hello\";"u8); break;
                        case 1: shm.Remove(rng.Next(8)); break;
                        case 2: shm.Keys(); break;
                        case 3: shm.TryGet(rng.Next(8), out _); break;
                        case 4: shm.Validate(includeValues: true); break;
                        default: shm.TryReadRaw(rng.Next(8), 0, static (s, _) => s.Length, out _); break;
                    }
                    ok++;
                }
                catch (PhpShmCorruptException) { corrupt++; }
                catch (PhpShmFullException) { full++; }
            }
            Assert.Equal("done", php.StandardOutput.ReadToEnd());
            Assert.Equal(0, php.ExitCode);
            Assert.True(ok > 100 && corrupt > 100, $"ok {ok}, corrupt {corrupt}, full {full}");
        }
        finally
        {
            File.Delete(script);
        }
    }
}
