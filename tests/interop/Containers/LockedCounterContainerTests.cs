using System.Globalization;
using System.Text;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// PHP in the container and C# on the host increment one counter in a sysvshm
/// segment, each under the same <c>sem_get</c> semaphore, at the same time; it ends exact.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class LockedCounterContainerTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private const int Iterations = 3000;
    private const long CounterVar = 1;
    private const long StartVar = 2;

    // Waits for the host's start flag, then increments; reports how often it saw the host's
    // increments land between two of its own (proof that both sides really ran at once).
    private const string PhpLoop = """
        [$key, $n] = [(int)$argv[1], (int)$argv[2]];
        $sem = sem_get($key, 1, 0666);
        $shm = shm_attach($key);
        $deadline = microtime(true) + 60;
        while (!shm_has_var($shm, 2)) { if (microtime(true) > $deadline) { fwrite(STDERR, "no start flag\n"); exit(2); } usleep(1000); }
        $interleaved = 0; $last = null;
        for ($i = 0; $i < $n; $i++) {
            sem_acquire($sem);
            $v = shm_get_var($shm, 1);
            if ($last !== null && $v !== $last + 1) $interleaved++;
            shm_put_var($shm, 1, $v + 1);
            $last = $v + 1;
            sem_release($sem);
        }
        echo $interleaved;
        """;

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4"), PhpImage("8.2-i386")]
    public async Task CounterIncrementedByPhpInTheContainerAndByCSharpEndsExact(string version)
    {
        var php = await pool.GetAsync(version, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var semaphore = PhpSemaphore.Get(key, maxAcquire: 1);
        // The segment in the layout of the container's PHP (32-bit PHP: 4-byte fields).
        var layout = new PhpSharedMemoryOptions { Layout = php.PhpIntSize == 4 ? PhpShmLayout.Php32 : PhpShmLayout.Php64 };
        using var shm = PhpSharedMemory.Attach(key, 4096, null, layout);
        shm.PutRaw(CounterVar, "i:0;"u8);

        Task<Testing.PhpContainerResult> phpRun = php.ExecPhpAsync(PhpLoop, [key.ToString(CultureInfo.InvariantCulture), Iterations.ToString(CultureInfo.InvariantCulture)]);
        // Wait until PHP holds its handle (usage count 2), so both loops start together.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (semaphore.UsageCount < 2 && !phpRun.IsCompleted && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.Equal(2, semaphore.UsageCount);
        shm.PutRaw(StartVar, "b:1;"u8);

        int interleavedCs = 0;
        long last = -1;
        await Task.Run(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                using (semaphore.Lock())
                {
                    long v = ReadInt(shm.GetRaw(CounterVar));
                    if (last >= 0 && v != last + 1) interleavedCs++;
                    shm.PutRaw(CounterVar, Encoding.ASCII.GetBytes($"i:{v + 1};"));
                    last = v + 1;
                }
            }
        });

        var result = (await phpRun).EnsureSuccess();
        int interleavedPhp = int.Parse(result.Stdout, CultureInfo.InvariantCulture);
        long final;
        using (semaphore.Lock()) final = ReadInt(shm.GetRaw(CounterVar));
        output.WriteLine($"{Iterations} increments each; PHP saw C#'s increments between its own {interleavedPhp} times, C# saw PHP's {interleavedCs} times; final {final}");

        Assert.Equal(2L * Iterations, final);
        // The container's PHP, in a run of its own, reads the same exact total; for 64-bit PHP the host's PHP does too.
        Assert.Equal($"{2 * Iterations}", (await php.ExecPhpAsync($"echo shm_get_var(shm_attach({key}), 1);")).EnsureSuccess().Stdout);
        if (php.PhpIntSize == 8)
            Assert.Equal($"{2 * Iterations}", PhpRunner.RunCode($"echo shm_get_var(shm_attach({key}), 1);").EnsureSuccess().StdoutText);
        Assert.True(interleavedPhp + interleavedCs > 0, "the two loops never overlapped, so the lock was not tested");
        Assert.Equal(1, semaphore.AvailableCount); // every acquire was released, on both sides
    }

    /// <summary>Reads PHP's <c>i:N;</c> (what shm_put_var writes for an int).</summary>
    private static long ReadInt(byte[]? raw)
    {
        Assert.NotNull(raw);
        string text = Encoding.ASCII.GetString(raw);
        Assert.StartsWith("i:", text);
        Assert.EndsWith(";", text);
        return long.Parse(text.AsSpan(2, text.Length - 3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
