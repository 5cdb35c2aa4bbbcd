using System.Globalization;
using System.Text;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>PHP and C# exchange vars of every kind through one segment, whoever creates it.</summary>
[Collection(ShmInteropCollection.Name)]
public class SysvShmValueExchangeTests
{
    /// <summary>PHP values of every kind, by shm key; shared by the writing and the reading script.</summary>
    internal const string PhpValues = """
        enum Suit: string { case Hearts = 'H'; case Spades = 'S'; }
        class Point { public $x = 1; protected $y = [2]; private $z = 'three'; }
        class Child extends Point { private $z = 'child'; public ?Point $next = null; }
        function values(): array {
            $o = new stdClass; $o->self = 'me';
            $x = 7;
            $c = new Child; $c->next = new Point;
            return [
                1 => null, 2 => true, 3 => false, 4 => 0, 5 => -42, 6 => PHP_INT_MAX, 7 => PHP_INT_MIN,
                8 => 1.5, 9 => -0.0, 10 => 1e100, 11 => 0.1, 12 => INF, 13 => -INF, 14 => NAN, 15 => 1e-7,
                16 => '', 17 => "h\u{e9}llo\0\xff\x80 bytes", 18 => str_repeat('x', 3000),
                19 => [], 20 => [1, 2, 'a' => ['nested' => true], '5' => 'five', '05' => 'str key', -3 => null],
                21 => (object)['a' => 1, 'b' => [1.25]], 22 => new Point, 23 => $c, 24 => Suit::Hearts,
                25 => [$o, $o, Suit::Spades, Suit::Spades], 26 => [&$x, &$x, 5],
            ];
        }
        """;

    [Fact]
    public void PhpCreatesAndWritesThenCSharpReadsAndWritesBack()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(PhpCreatesAndWritesThenCSharpReadsAndWritesBack));
        Exchange(key);
    }

    [Fact]
    public void CSharpCreatesThenPhpWritesAndReadsBack()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey(nameof(CSharpCreatesThenPhpWritesAndReadsBack));
        using (var created = PhpSharedMemory.Attach(key, 20000))
        {
            Assert.Equal(20000, created.SegmentSize);
            Assert.Equal(new PhpShmHeader(40, 40, 19960, 20000), created.Header);
            Assert.Empty(created.Keys());
        }
        Exchange(key);
    }

    private static void Exchange(int key)
    {
        // 1. PHP writes every kind and prints what serialize() made of each.
        string write = PhpValues + $$"""
            $shm = shm_attach({{key}}, 20000, 0600);
            foreach (values() as $k => $v) {
                if (!shm_put_var($shm, $k, $v)) { fwrite(STDERR, "put $k failed"); exit(1); }
                echo $k, ' ', bin2hex(serialize($v)), "\n";
            }
            """;
        var expected = new SortedDictionary<long, byte[]>();
        foreach (string line in ShmInterop.Php(write).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            expected[long.Parse(f[0], CultureInfo.InvariantCulture)] = Convert.FromHexString(f[1]);
        }
        Assert.Equal(26, expected.Count);

        // 2. C# reads every var: the exact bytes PHP serialized.
        using var shm = PhpSharedMemory.Attach(key);
        Assert.Equal(20000, shm.SegmentSize);
        Assert.Equal(expected.Keys, shm.Keys());
        foreach (var (k, bytes) in expected)
        {
            Assert.True(shm.Has(k));
            Assert.Equal(Encoding.Latin1.GetString(bytes), Encoding.Latin1.GetString(shm.GetRaw(k)!));
            Assert.True(shm.TryReadRaw(k, bytes, static (span, exp) => span.SequenceEqual(exp), out bool same) && same);
        }
        SharedMemoryValueChecks.ReadEqualValues(shm, expected);

        // 3. C# writes them under new keys (raw and, when available, through the value model); PHP reads them equal.
        foreach (var (k, bytes) in expected) shm.PutRaw(k + 100, bytes);
        SharedMemoryValueChecks.WriteValues(shm, expected, keyOffset: 200);
        string read = PhpValues + $$"""
            $shm = shm_attach({{key}});
            foreach (values() as $k => $v) {
                foreach ([100, 200] as $off) {
                    if ($off === 200 && !shm_has_var($shm, $k + $off)) continue;
                    $got = shm_get_var($shm, $k + $off);
                    $ok = serialize($got) === serialize($v) && (is_float($v) && is_nan($v) ? is_nan($got) : $got == $v);
                    echo $k + $off, $ok ? " ok\n" : " BAD " . serialize($got) . "\n";
                }
            }
            """;
        string[] results = ShmInterop.Php(read).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(results, r => Assert.EndsWith(" ok", r));
        Assert.True(results.Length >= 26, string.Join("\n", results));
    }
}
