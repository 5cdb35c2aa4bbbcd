using System.Globalization;
using PhpShmCompat.InteropTests.SysvShm;

namespace PhpShmCompat.InteropTests.Ftok;

/// <summary>The same key as PHP for several paths and project ids, negative keys included.</summary>
[Collection(ShmInteropCollection.Name)]
public class FtokInteropTests
{
    [Fact]
    public void KeysEqualPhpsForPathsAndProjectIds()
    {
        string dir = Directory.CreateTempSubdirectory("ftok-").FullName;
        try
        {
            string file = Path.Combine(dir, "worker.lock");
            File.WriteAllText(file, "x");
            string unicode = Path.Combine(dir, "caf\u00e9 \u2603.key");
            File.WriteAllText(unicode, "y");
            string[] paths = { "/tmp", "/etc/passwd", dir, file, unicode, "/" };
            int[] ids = { 'A', 'z', 1, 0x7F, 0x80, 0xAB, 0xFF };

            // One PHP run computes every pair; paths arrive as argv (UTF-8 bytes), ids as chr().
            string code = """
                $ids = array_map('intval', explode(',', $argv[1]));
                foreach (array_slice($argv, 2) as $p) foreach ($ids as $id) echo ftok($p, chr($id)), "\n";
                """;
            var args = new List<string> { string.Join(",", ids) };
            args.AddRange(paths);
            string[] php = PhpShmCompat.TestSupport.PhpRunner.RunCode(code, null, args.ToArray()).EnsureSuccess()
                .StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(paths.Length * ids.Length, php.Length);

            int i = 0, negatives = 0;
            foreach (string p in paths)
            {
                foreach (int id in ids)
                {
                    int key = PhpShmCompat.Ftok.Compute(p, id);
                    Assert.Equal(long.Parse(php[i++], CultureInfo.InvariantCulture), key);
                    if (key < 0) negatives++;
                    Assert.True(PhpShmCompat.Ftok.TryCompute(p, id, out int again) && again == key);
                }
            }
            Assert.True(negatives >= paths.Length * 3, "ids >= 0x80 must give negative keys");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MissingFileThrowsWherePhpReturnsMinusOne()
    {
        const string missing = "/nonexistent/ftok/path";
        Assert.Equal("-1", PhpShmCompat.TestSupport.PhpRunner.RunCode($"echo @ftok('{missing}', 'A');").EnsureSuccess().StdoutText);
        var ex = Assert.Throws<PhpIpcNotFoundException>(() => PhpShmCompat.Ftok.Compute(missing, 'A'));
        Assert.Equal("ftok", ex.Operation);
        Assert.Contains(missing, ex.Message);
        Assert.False(PhpShmCompat.Ftok.TryCompute(missing, 'A', out _));
        Assert.Throws<ArgumentException>(() => PhpShmCompat.Ftok.Compute("", 'A'));
    }
}
