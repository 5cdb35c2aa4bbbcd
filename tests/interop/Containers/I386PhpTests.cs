using System.Globalization;
using System.Text;
using PhpSerializer;
using PhpShmCompat.Testing;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// 32-bit PHP (Debian's i386 PHP 8.2, <c>PHP_INT_SIZE</c> 4) in a container on the host's IPC
/// namespace: its sysvshm layout (4-byte fields, header start 24) read and written byte for byte,
/// ints beyond its range, corrupt headers, and its messages.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class I386PhpTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private const string Tag = "8.2-i386";
    private const int Operations = 2400;
    private const int SegmentSize = 3000;
    private const int DumpEvery = 100;
    private static readonly PhpSharedMemoryOptions Php32 = new() { Layout = PhpShmLayout.Php32 };

    private const string Replayer = """
        [, $opsFile, $outFile, $key, $size] = $argv;
        $shm = shm_attach((int)$key, (int)$size, 0600);
        $raw = shmop_open((int)$key, "a", 0, 0);
        $out = fopen($outFile, 'wb');
        $n = 0; $failed = 0;
        foreach (file($opsFile, FILE_IGNORE_NEW_LINES) as $line) {
            $f = explode(' ', $line);
            if ($f[0] === 'p') {
                if (!@shm_put_var($shm, (int)$f[1], unserialize(hex2bin($f[2])))) $failed++;
            } else {
                @shm_remove_var($shm, (int)$f[1]);
            }
            if (++$n % 100 === 0) fwrite($out, shmop_read($raw, 0, 0));
        }
        fclose($out);
        echo $failed;
        """;

    private static readonly long[] KeyPool = BuildKeyPool();

    private static long[] BuildKeyPool()
    {
        var keys = new List<long> { 0, 1, -1, int.MaxValue, int.MinValue };
        for (int i = 2; i < 30; i++) keys.Add(i * 7919L);
        return keys.ToArray();
    }

    private sealed record Op(bool IsPut, long Key, byte[] Value);

    [DockerFact(Tag)]
    public async Task ThePhpIs32Bit()
    {
        PhpContainer php = await pool.GetAsync(Tag, output);
        Assert.Equal(4, php.PhpIntSize);
        Assert.StartsWith("8.2.", php.PhpVersion);
        Assert.Equal("4 2147483647 i386", (await php.ExecPhpAsync("echo PHP_INT_SIZE, ' ', PHP_INT_MAX, ' ', php_uname('m') === 'x86_64' ? 'i386' : php_uname('m');")).EnsureSuccess().Stdout);
        Assert.Contains("ELF 32-bit", (await php.ExecAsync(["sh", "-c", "od -An -tx1 -N5 $(readlink -f $(command -v php)) | tr -d ' \\n' | sed 's/^7f454c4601$/ELF 32-bit/'"])).Stdout);
    }

    [DockerFact(Tag)]
    public async Task The32BitPhpReplayAndTheLibraryGiveIdenticalImagesAfterEveryHundredOps()
    {
        PhpContainer php = await pool.GetAsync(Tag, output);
        List<Op> ops = Generate(new Random(20261201), out int expectedFailures);
        Assert.True(expectedFailures > 5, "the sequence should include puts that do not fit");
        Assert.True(ops.Count(o => !o.IsPut) > 300);
        Assert.True(ops.Count(o => o.IsPut && Php32Integers.Narrow(o.Value, PhpShmLargeIntegers.AsFloat, o.Key) is not null) > 100, "the sequence should include ints beyond 32 bits");

        using var keys = new IpcKeyScope();
        int phpKey = keys.NewKey(), csKey = keys.NewKey();
        var sb = new StringBuilder();
        foreach (Op op in ops)
            sb.Append(op.IsPut ? "p " : "r ").Append(op.Key).Append(op.IsPut ? " " + Convert.ToHexString(op.Value) : "").Append('\n');
        string id = Guid.NewGuid().ToString("N");
        string opsFile = $"/tmp/replay-ops-{id}", outFile = $"/tmp/replay-out-{id}";
        await php.CopyFileAsync(Encoding.ASCII.GetBytes(sb.ToString()), opsFile);
        var run = (await php.ExecPhpAsync(Replayer, [opsFile, outFile, phpKey.ToString(CultureInfo.InvariantCulture), SegmentSize.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess();
        byte[] phpOut = await php.ReadFileAsync(outFile);
        await php.ExecAsync(["rm", "-f", opsFile, outFile]);
        Assert.Equal(Operations / DumpEvery * SegmentSize, phpOut.Length);
        Assert.Equal(expectedFailures.ToString(CultureInfo.InvariantCulture), run.Stdout);
        Assert.Equal("PHP_SM\0\0"u8.ToArray(), phpOut[..8]);
        Assert.Equal(24, BitConverter.ToInt32(phpOut, 8)); // header start: 32-bit PHP's 24-byte header

        using var shm = PhpSharedMemory.Attach(csKey, SegmentSize, null, Php32);
        int failures = 0;
        for (int i = 0; i < ops.Count; i++)
        {
            Op op = ops[i];
            if (op.IsPut)
            {
                // As PHP's replayer: unserialize, then put the value (ints beyond 32 bits go in as 32-bit PHP's floats).
                try { shm.Put(op.Key, PhpSerialization.Unserialize(op.Value)); }
                catch (PhpShmFullException) { failures++; }
            }
            else
            {
                shm.Remove(op.Key);
            }
            if ((i + 1) % DumpEvery == 0)
            {
                int dump = ((i + 1) / DumpEvery) - 1;
                byte[] phpImage = phpOut.AsSpan(dump * SegmentSize, SegmentSize).ToArray();
                byte[] csImage = shm.ReadImage();
                int same = phpImage.AsSpan().CommonPrefixLength(csImage);
                Assert.True(same == SegmentSize, $"after op {i + 1}: first difference at byte {same}");
            }
        }
        Assert.Equal(expectedFailures, failures);
        Assert.True(shm.Validate(includeValues: true).IsValid);
        Assert.Equal(PhpShmLayout.Php32, shm.Layout);
        // The library reads 32-bit PHP's own segment as it reads its copy.
        using var phpSegment = PhpSharedMemory.Open(phpKey, readOnly: true);
        Assert.Equal(PhpShmLayout.Php32, phpSegment.Layout);
        Assert.Equal(shm.Keys(), phpSegment.Keys());
        Assert.Equal(shm.ReadImage(), phpSegment.ReadImage());
        output.WriteLine($"{Operations} operations ({ops.Count(o => !o.IsPut)} removes, {expectedFailures} puts that do not fit) replayed by PHP {php.PhpVersion} (32-bit) and the library: {Operations / DumpEvery} identical {SegmentSize}-byte images");
    }

    [DockerFact(Tag)]
    public async Task IntsBeyond32BitsCrossAs32BitPhpHoldsThem()
    {
        PhpContainer php = await pool.GetAsync(Tag, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();

        // 32-bit PHP writes numbers beyond its int as floats; the library reads PHP floats.
        var put = (await php.ExecPhpAsync($"$v = [3000000000, -2147483647 - 1, 2147483647, 9007199254740993, PHP_INT_MAX]; shm_put_var(shm_attach({key}, 4096, 0600), 1, $v); echo serialize($v);")).EnsureSuccess();
        Assert.Equal("a:5:{i:0;d:3000000000;i:1;i:-2147483648;i:2;i:2147483647;i:3;d:9007199254740992;i:4;i:2147483647;}", put.Stdout);
        using var shm = PhpSharedMemory.Attach(key);
        Assert.Equal(PhpShmLayout.Php32, shm.Layout);
        Assert.Equal(24, shm.Header.Start);
        var read = Assert.IsType<PhpArray>(shm.Get(1));
        Assert.Equal(3e9, Assert.IsType<PhpFloat>(read[0]).Value);
        Assert.Equal(int.MinValue, Assert.IsType<PhpInt>(read[1]).Value);
        Assert.Equal(put.Stdout, Encoding.ASCII.GetString(shm.GetRaw(1)!));

        // The library puts the same numbers as longs; the bytes are what 32-bit PHP wrote.
        shm.Put(2, PhpArray.List(3_000_000_000L, (long)int.MinValue, (long)int.MaxValue, 9_007_199_254_740_993L, (long)int.MaxValue));
        Assert.Equal(put.Stdout, Encoding.ASCII.GetString(shm.GetRaw(2)!));
        var back = (await php.ExecPhpAsync($"$s = shm_attach({key}); echo var_export(shm_get_var($s, 2) === shm_get_var($s, 1), true), ' ', gettype(shm_get_var($s, 2)[0]);")).EnsureSuccess();
        Assert.Equal("true double", back.Stdout);

        // Written as ints on request: 32-bit PHP makes a float of it when reading.
        using (var asInt = PhpSharedMemory.Open(key, false, new PhpSharedMemoryOptions { LargeIntegers = PhpShmLargeIntegers.AsInt }))
            asInt.Put(3, 3_000_000_000L);
        Assert.Equal("i:3000000000;", Encoding.ASCII.GetString(shm.GetRaw(3)!));
        Assert.Equal("float(3000000000)", (await php.ExecPhpAsync($"var_dump(shm_get_var(shm_attach({key}), 3));")).EnsureSuccess().Stdout.Trim());

        // An array key beyond 32 bits could not be read by 32-bit PHP at all: refused, nothing written.
        byte[] before = shm.ReadImage();
        Assert.Throws<ArgumentOutOfRangeException>(() => shm.Put(4, new PhpArray { { 3_000_000_000L, "x" } }));
        Assert.Throws<ArgumentOutOfRangeException>(() => shm.Put((long)int.MaxValue + 1, "x"));
        Assert.Equal(before, shm.ReadImage());
        Assert.Equal("false", (await php.ExecPhpAsync("echo var_export(@unserialize('a:1:{i:3000000000;s:1:\"x\";}'), true);")).Stdout);
    }

    [DockerFact(Tag)]
    public async Task Corrupt32BitHeadersAreReportedAsCorrupt()
    {
        PhpContainer php = await pool.GetAsync(Tag, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        (await php.ExecPhpAsync($"shm_put_var(shm_attach({key}, 1000, 0600), 1, 'abc');")).EnsureSuccess();
        using var shm = PhpSharedMemory.Attach(key);
        Assert.True(shm.Validate().IsValid);

        // header.end (4 bytes at offset 12) beyond total, written by 32-bit PHP's shmop.
        (await php.ExecPhpAsync($"shmop_write(shmop_open({key}, 'w', 0, 0), pack('V', 5000), 12);")).EnsureSuccess();
        PhpShmValidationReport report = shm.Validate();
        Assert.False(report.IsValid);
        Assert.Equal(PhpShmLayout.Php32, report.Layout);
        Assert.Contains(report.Problems, p => p.Field == "header.end" && p.Offset == 12 && p.Value == "5000");
        var ex = Assert.Throws<PhpShmCorruptException>(() => shm.Get(1));
        Assert.Equal("header.end", ex.Problem.Field);
        byte[] before = shm.ReadImage();
        Assert.Throws<PhpShmCorruptException>(() => shm.Put(2, "x"));
        Assert.Equal(before, shm.ReadImage());

        // A chunk whose next (offset 24 + 8) points past the end.
        (await php.ExecPhpAsync($"shmop_write(shmop_open({key}, 'w', 0, 0), pack('V', 52), 12); shmop_write(shmop_open({key}, 'w', 0, 0), pack('V', 999), 32);")).EnsureSuccess();
        var chunk = Assert.Throws<PhpShmCorruptException>(() => shm.Get(1));
        Assert.Equal("chunk.next", chunk.Problem.Field);
        Assert.Equal(32, chunk.Problem.Offset);
        output.WriteLine($"{report.Problems[0]}; {chunk.Problem}");
    }

    [DockerFact(Tag)]
    public async Task SerializedMessagesWithIntsBeyond32BitsCrossBothWays()
    {
        PhpContainer php = await pool.GetAsync(Tag, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var queue = PhpMessageQueue.Get(key);
        queue.Send(3, PhpArray.List(3_000_000_000L, 7L, "s"));

        string code = $$"""
            $q = msg_get_queue({{key}});
            msg_receive($q, 3, $type, 8192, $msg) || exit(2);
            echo gettype($msg[0]), ' ', gettype($msg[1]), ' ';
            msg_send($q, 4, [$msg[0] + 1, 2147483647 + 1, $msg[2]]) || exit(3);
            msg_send($q, 5, 3000000000, false) || exit(4);
            echo PHP_INT_SIZE;
            """;
        Assert.Equal("double integer 4", (await php.ExecPhpAsync(code)).EnsureSuccess().Stdout);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        PhpMessage answer = await queue.ReceiveAsync(4, cancellationToken: cts.Token);
        Assert.Equal("a:3:{i:0;d:3000000001;i:1;d:2147483648;i:2;s:1:\"s\";}", Encoding.ASCII.GetString(answer.Payload));
        var values = Assert.IsType<PhpArray>(PhpSerialization.Unserialize(answer.Payload));
        Assert.Equal(3_000_000_001d, Assert.IsType<PhpFloat>(values[0]).Value);
        // A float sent unserialized: PHP's %F text, as from 64-bit PHP.
        Assert.Equal("3000000000.000000", (await queue.ReceiveAsync(5, cancellationToken: cts.Token)).GetString());
    }

    /// <summary>Random ops over a model of a 32-bit segment (see the 64-bit replay for the rules).</summary>
    private static List<Op> Generate(Random rng, out int expectedFailures)
    {
        var sizes = new Dictionary<long, long>();
        long free = SegmentSize - 24;
        var ops = new List<Op>();
        expectedFailures = 0;
        while (ops.Count < Operations)
        {
            long key = KeyPool[rng.Next(KeyPool.Length)];
            if (rng.Next(10) < 3)
            {
                if (sizes.Remove(key, out long old)) free += old;
                ops.Add(new Op(false, key, []));
                continue;
            }
            byte[] value = RandomSerialized(rng);
            // What 32-bit PHP stores: ints beyond its range re-serialized as floats.
            int stored = (Php32Integers.Narrow(value, PhpShmLargeIntegers.AsFloat, key) ?? value).Length;
            long need = ((stored + 15) / 4 * 4) + 4;
            bool exists = sizes.TryGetValue(key, out long current);
            if (exists && free + current < need) continue;
            if (!exists && free < need)
            {
                expectedFailures++;
                ops.Add(new Op(true, key, value));
                continue;
            }
            if (exists) free += current;
            sizes[key] = need;
            free -= need;
            ops.Add(new Op(true, key, value));
        }
        return ops;
    }

    private static byte[] RandomSerialized(Random rng)
    {
        var sb = new StringBuilder();
        AppendValue(sb, rng, depth: 0);
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static readonly string[] Floats = ["d:0.5;", "d:-1.25;", "d:100;", "d:0.1;", "d:1.0E+25;", "d:-0;", "d:INF;"];

    private static void AppendValue(StringBuilder sb, Random rng, int depth)
    {
        switch (rng.Next(depth > 1 ? 7 : 9))
        {
            case 0: sb.Append("N;"); break;
            case 1: sb.Append(rng.Next(2) == 0 ? "b:0;" : "b:1;"); break;
            case 2: sb.Append("i:").Append(rng.Next(int.MinValue, int.MaxValue)).Append(';'); break;
            case 3: sb.Append("i:").Append(rng.NextInt64(long.MinValue, long.MaxValue)).Append(';'); break; // beyond 32 bits
            case 4: sb.Append(Floats[rng.Next(Floats.Length)]); break;
            case 5:
            case 6:
            {
                int len = rng.Next(4) == 0 ? rng.Next(100, 500) : rng.Next(0, 40);
                sb.Append("s:").Append(len).Append(":\"");
                for (int i = 0; i < len; i++) sb.Append((char)rng.Next(0, 256));
                sb.Append("\";");
                break;
            }
            default:
            {
                int count = rng.Next(0, 6);
                sb.Append("a:").Append(count).Append(":{");
                for (int i = 0; i < count; i++)
                {
                    if (rng.Next(2) == 0) sb.Append("i:").Append(i * 3).Append(';');
                    else sb.Append("s:2:\"k").Append((char)('a' + i)).Append("\";");
                    AppendValue(sb, rng, depth + 1);
                }
                sb.Append('}');
                break;
            }
        }
    }
}
