using PhpSerializer;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>
/// Keyed reads through remembered positions against a full walk, while PHP puts and removes at
/// random under PHP's semaphore (re-puts of the same size and removes followed by a put of
/// another key of the same size, which leave the header's fields as they were, included): taken
/// under the same semaphore, the keyed read returns exactly the bytes a walk of a copy of the
/// segment finds, every time.
/// </summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmKeyedReadDifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void KeyedReadsReturnWhatAFullWalkReturnsUnderRandomPhpWrites()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(KeyedReadsReturnWhatAFullWalkReturnsUnderRandomPhpWrites));
        using var sem = PhpSemaphore.Get(key, 1);
        using var shm = PhpSharedMemory.Attach(key, 131072);
        string script = Path.Combine(Path.GetTempPath(), $"shm-keyed-{Guid.NewGuid():N}.php");
        File.WriteAllText(script, $$"""
            <?php
            mt_srand(31337);
            $sem = sem_get({{key}}, 1, 0600);
            $shm = shm_attach({{key}}, 131072, 0600);
            $val = fn(int $size, int $n) => str_repeat(chr(97 + $n % 26), $size);
            for ($k = 0; $k < 600; $k++) shm_put_var($shm, $k, $val(8 * mt_rand(0, 4), $k));
            echo "ready\n";
            for ($op = 0; $op < 60000; $op++) {
                sem_acquire($sem);
                for ($i = 0; $i < 3; $i++) {
                    $k = mt_rand(0, 649);
                    switch (mt_rand(0, 3)) {
                        case 0: @shm_remove_var($shm, $k); break;
                        case 1: // remove one, put another of the same serialized size: the header ends as it was
                            if (shm_has_var($shm, $k)) { $len = strlen(shm_get_var($shm, $k)); shm_remove_var($shm, $k); shm_put_var($shm, mt_rand(0, 649), $val($len, $op)); }
                            break;
                        default: shm_put_var($shm, $k, $val(8 * mt_rand(0, 4), $op)); break; // often a same-size re-put
                    }
                }
                sem_release($sem);
            }
            echo "done\n";
            """);
        using var php = PhpRunner.Start(script);
        try
        {
            php.StandardInput.Close();
            Assert.Equal("ready", php.StandardOutput.ReadLine());
            var rng = new Random(99);
            int compared = 0, present = 0, differences = 0, documentsCompared = 0;
            using PhpDocument document = PhpDocument.Create();
            string? first = null;
            while (!php.HasExited || compared == 0)
            {
                sem.Acquire();
                try
                {
                    byte[] image = shm.ReadImage();
                    for (int r = 0; r < 200; r++)
                    {
                        long varKey = rng.Next(660);
                        byte[]? keyed = shm.GetRaw(varKey);
                        byte[]? walked = Walk(image, varKey);
                        compared++;
                        if (walked is not null) present++;
                        if (!(keyed ?? []).AsSpan().SequenceEqual(walked ?? []) || (keyed is null) != (walked is null))
                        {
                            differences++;
                            first ??= $"variable {varKey}: keyed {Show(keyed)}, walk {Show(walked)}";
                        }
                        if (r % 4 != 0) continue;
                        // The value and the document reads (their one-pass form included) as well.
                        byte[]? value = shm.TryGet(varKey, out PhpValue? v) ? PhpSerialization.Serialize(v) : null;
                        byte[]? doc = shm.TryGetDocument(varKey, document) ? PhpSerialization.Serialize(document.RootElement.ToValue()) : null;
                        documentsCompared++;
                        foreach ((string what, byte[]? read) in new[] { ("value", value), ("document", doc) })
                        {
                            if ((read is null) == (walked is null) && (read ?? []).AsSpan().SequenceEqual(walked ?? [])) continue;
                            differences++;
                            first ??= $"variable {varKey}: {what} {Show(read)}, walk {Show(walked)}";
                        }
                    }
                }
                finally
                {
                    sem.Release();
                }
            }
            php.WaitForExit();
            Assert.Equal("done", php.StandardOutput.ReadLine());
            Assert.Equal(0, php.ExitCode);
            output.WriteLine($"{compared} keyed reads compared with a full walk ({present} present; {documentsCompared} also as value and document), {differences} differ");
            Assert.True(differences == 0, first);
            Assert.True(compared > 10_000 && present > compared / 3, $"compared {compared}, present {present}");
        }
        finally
        {
            if (!php.HasExited) php.Kill(entireProcessTree: true);
            php.WaitForExit();
            File.Delete(script);
            shm.Destroy();
        }
    }

    // PHP's shm_get_var walk over a private copy: the first chunk of the key.
    private static byte[]? Walk(byte[] image, long varKey)
    {
        SysvShmFormat f = SysvShmFormat.For(image, PhpShmLayout.Detect);
        PhpShmHeader header = SysvShmLayout.ReadHeader(f, image);
        foreach (SysvShmLayout.Chunk chunk in SysvShmLayout.Chunks(f, image, header))
            if (chunk.Key == varKey) return SysvShmLayout.Data(image, chunk).ToArray();
        return null;
    }

    private static string Show(byte[]? bytes) => bytes is null ? "absent" : System.Text.Encoding.ASCII.GetString(bytes);
}
