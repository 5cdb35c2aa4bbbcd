using System.Globalization;
using System.Text;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>
/// One seeded sequence of puts, overwrites and removes, replayed by PHP on one
/// segment and by C# on another of the same size; the full images (shmop_read) must be
/// byte-identical, stale bytes included, after every 100 operations.
/// </summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmReplayTests
{
    private const int Operations = 2400;
    private const int SegmentSize = 3000;
    private const int DumpEvery = 100;

    private const string Replayer = """
        [, $opsFile, $key, $size] = $argv;
        $shm = shm_attach((int)$key, (int)$size, 0600);
        $raw = shmop_open((int)$key, "a", 0, 0);
        $n = 0; $failed = 0;
        foreach (file($opsFile, FILE_IGNORE_NEW_LINES) as $line) {
            $f = explode(' ', $line);
            if ($f[0] === 'p') {
                if (!@shm_put_var($shm, (int)$f[1], unserialize(hex2bin($f[2])))) $failed++;
            } else {
                @shm_remove_var($shm, (int)$f[1]);
            }
            if (++$n % 100 === 0) echo shmop_read($raw, 0, 0);
        }
        fwrite(STDOUT, pack('q', $failed));
        """;

    private static readonly long[] KeyPool = BuildKeyPool();

    private static long[] BuildKeyPool()
    {
        var keys = new List<long> { 0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue, (long)int.MaxValue + 1 };
        for (int i = 2; i < 30; i++) keys.Add(i * 7919L);
        return keys.ToArray();
    }

    private sealed record Op(bool IsPut, long Key, byte[] Value);

    [Fact]
    public void PhpAndCSharpProduceIdenticalImagesAfterEveryHundredOps()
    {
        List<Op> ops = Generate(new Random(424242), out int expectedFailures);
        Assert.True(expectedFailures > 5, "the sequence should include puts that do not fit");
        Assert.True(ops.Count(o => !o.IsPut) > 300);

        using var keys = new IpcKeyScope();
        int phpKey = keys.NewKey(nameof(PhpAndCSharpProduceIdenticalImagesAfterEveryHundredOps));
        int csKey = keys.NewKey(nameof(PhpAndCSharpProduceIdenticalImagesAfterEveryHundredOps));

        string opsFile = Path.Combine(Path.GetTempPath(), $"shm-replay-{Guid.NewGuid():N}.txt");
        try
        {
            var sb = new StringBuilder();
            foreach (Op op in ops)
                sb.Append(op.IsPut ? "p " : "r ").Append(op.Key).Append(op.IsPut ? " " + Convert.ToHexString(op.Value) : "").Append('\n');
            File.WriteAllText(opsFile, sb.ToString());
            byte[] phpOut = PhpRunner.RunCode(Replayer, null, opsFile, phpKey.ToString(CultureInfo.InvariantCulture), SegmentSize.ToString(CultureInfo.InvariantCulture)).EnsureSuccess().Stdout;
            Assert.Equal((Operations / DumpEvery * SegmentSize) + 8, phpOut.Length);
            Assert.Equal(expectedFailures, BitConverter.ToInt64(phpOut, phpOut.Length - 8));

            using var shm = PhpSharedMemory.Attach(csKey, SegmentSize);
            int failures = 0;
            for (int i = 0; i < ops.Count; i++)
            {
                Op op = ops[i];
                if (op.IsPut)
                {
                    try { shm.PutRaw(op.Key, op.Value); }
                    catch (PhpShmFullException) { failures++; }
                }
                else
                {
                    shm.Remove(op.Key);
                }
                if ((i + 1) % DumpEvery == 0)
                {
                    int dump = (i + 1) / DumpEvery - 1;
                    byte[] phpImage = phpOut.AsSpan(dump * SegmentSize, SegmentSize).ToArray();
                    byte[] csImage = shm.ReadImage();
                    int diff = phpImage.AsSpan().CommonPrefixLength(csImage);
                    Assert.True(diff == SegmentSize, $"after op {i + 1}: first difference at byte {diff}");
                }
            }
            Assert.Equal(expectedFailures, failures);
            Assert.True(shm.Validate().IsValid);
        }
        finally
        {
            File.Delete(opsFile);
        }
    }

    /// <summary>
    /// Random ops over a model of the segment. Overwrites that would not fit are left out: there
    /// PHP deletes the old value before failing and C# by design keeps it (see the full-put test).
    /// New keys that do not fit are kept in: both refuse them without changing anything.
    /// </summary>
    private static List<Op> Generate(Random rng, out int expectedFailures)
    {
        var sizes = new Dictionary<long, long>();
        long free = SegmentSize - 40;
        var ops = new List<Op>();
        expectedFailures = 0;
        while (ops.Count < Operations)
        {
            long key = KeyPool[rng.Next(KeyPool.Length)];
            if (rng.Next(10) < 3)
            {
                if (sizes.Remove(key, out long old)) free += old;
                ops.Add(new Op(false, key, Array.Empty<byte>()));
                continue;
            }
            byte[] value = RandomSerialized(rng);
            long need = ((value.Length + 31) / 8 * 8) + 8;
            bool exists = sizes.TryGetValue(key, out long current);
            if (exists && free + current < need) continue; // see above
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

    /// <summary>Canonical serialize() output (what PHP re-serializes identically): strings, ints, bools, null, floats, arrays.</summary>
    private static byte[] RandomSerialized(Random rng)
    {
        var sb = new StringBuilder();
        AppendValue(sb, rng, depth: 0);
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    private static readonly string[] Floats = { "d:0.5;", "d:-1.25;", "d:100;", "d:0.1;", "d:1.0E+25;", "d:-0;", "d:INF;" };

    private static void AppendValue(StringBuilder sb, Random rng, int depth)
    {
        switch (rng.Next(depth > 1 ? 6 : 8))
        {
            case 0: sb.Append("N;"); break;
            case 1: sb.Append(rng.Next(2) == 0 ? "b:0;" : "b:1;"); break;
            case 2: sb.Append("i:").Append(rng.NextInt64(long.MinValue, long.MaxValue)).Append(';'); break;
            case 3: sb.Append(Floats[rng.Next(Floats.Length)]); break;
            case 4:
            case 5:
            {
                int len = rng.Next(4) == 0 ? rng.Next(100, 500) : rng.Next(0, 40);
                sb.Append("s:").Append(len).Append(":\"");
                for (int i = 0; i < len; i++) sb.Append((char)rng.Next(0, 256)); // any byte, Latin-1 encoded
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
