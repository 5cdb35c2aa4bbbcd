using System.Globalization;
using PhpSerializer;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// Values of every kind cross between PHP in the container and C# on the host
/// through one sysvshm segment (<c>shm_put_var</c>/<c>shm_get_var</c>), both ways, byte for byte.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class SharedMemoryValueContainerTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private const long SegmentSize = 64 * 1024;

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task ValuesPutByPhpInTheContainerAreReadEqualInCSharp(string version)
    {
        var php = await pool.GetAsync(version, output);
        var cases = PhpValueCatalog.For(PhpValueCatalog.VersionId(php.PhpVersion));
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();

        string code = PhpValueCatalog.Prelude(PhpValueCatalog.VersionId(php.PhpVersion)) + $$"""
            $shm = shm_attach({{key}}, {{SegmentSize}}, 0600);
            foreach ({{PhpValueCatalog.PhpArrayOf(cases)}} as $i => $v) {
                if (!shm_put_var($shm, $i, $v)) exit(3);
                echo $i, ' ', bin2hex(serialize($v)), "\n";
            }
            """;
        var put = (await php.ExecPhpAsync(code)).EnsureSuccess();
        Assert.Equal("", put.Stderr);
        Dictionary<long, string> phpHex = ParseLines(put.Stdout);
        Assert.Equal(cases.Count, phpHex.Count);

        using var shm = PhpSharedMemory.Attach(key);
        Assert.True(shm.Validate().IsValid, "the segment PHP wrote does not validate in C#");
        for (int i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            byte[]? raw = shm.GetRaw(i + 1);
            Assert.NotNull(raw);
            Assert.True(phpHex[i + 1] == Convert.ToHexStringLower(raw), $"{c.Name}: the bytes C# read differ from PHP's serialize()");
            // The value C# reads is the one the C# model describes: both serialize to PHP's bytes.
            // (Compared by bytes: PhpValue.Equals on arrays currently recurses without end.)
            PhpValue read = PhpSerialization.Unserialize(raw);
            string expectedHex = Convert.ToHexStringLower(PhpSerialization.Serialize(c.CSharp()));
            Assert.True(expectedHex == phpHex[i + 1], $"{c.Name}: the C# model serializes to {expectedHex}, PHP wrote {phpHex[i + 1]}");
            Assert.True(raw.AsSpan().SequenceEqual(PhpSerialization.Serialize(read)), $"{c.Name}: C# read {read} and re-serializes it differently");
            Assert.Equal(c.CSharp().Kind, read.Kind);
        }
        output.WriteLine($"{cases.Count} values put by PHP {php.PhpVersion} read equal in C#: {string.Join(", ", cases.Select(c => c.Name))}");
    }

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task ValuesPutByCSharpAreReadEqualByPhpInTheContainer(string version)
    {
        var php = await pool.GetAsync(version, output);
        int versionId = PhpValueCatalog.VersionId(php.PhpVersion);
        var cases = PhpValueCatalog.For(versionId);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();

        var written = new Dictionary<long, string>();
        using (var shm = PhpSharedMemory.Attach(key, SegmentSize))
        {
            for (int i = 0; i < cases.Count; i++)
            {
                byte[] bytes = PhpSerialization.Serialize(cases[i].CSharp());
                shm.PutRaw(i + 1, bytes);
                written[i + 1] = Convert.ToHexStringLower(bytes);
            }
        }

        // PHP gets each value and compares it with the same value made in PHP: serialize() of both
        // must be identical (it covers types, key types, property visibility, identity and references).
        string code = PhpValueCatalog.Prelude(versionId) + $$"""
            $shm = shm_attach({{key}});
            foreach ({{PhpValueCatalog.PhpArrayOf(cases)}} as $i => $expected) {
                $got = shm_get_var($shm, $i);
                $same = serialize($got) === serialize($expected) ? 'same' : 'DIFFERENT:' . bin2hex(serialize($got));
                echo $i, ' ', bin2hex(serialize($expected)), ' ', $same, ' ', is_object($got) ? get_class($got) : gettype($got), "\n";
            }
            """;
        var read = (await php.ExecPhpAsync(code)).EnsureSuccess();
        Assert.Equal("", read.Stderr);
        string[] lines = read.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        foreach (string line in lines)
        {
            string[] f = line.Split(' ');
            long i = long.Parse(f[0], CultureInfo.InvariantCulture);
            string name = cases[(int)i - 1].Name;
            Assert.True(f[2] == "same", $"{name}: PHP read something else: {f[2]}");
            Assert.True(f[1] == written[i], $"{name}: C# wrote {written[i]}, PHP's serialize() gives {f[1]}");
        }
        output.WriteLine($"{cases.Count} values put by C# read equal by PHP {php.PhpVersion}: {string.Join(", ", cases.Select(c => c.Name))}");
    }

    private static Dictionary<long, string> ParseLines(string stdout)
    {
        var result = new Dictionary<long, string>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ');
            result.Add(long.Parse(line[..space], CultureInfo.InvariantCulture), line[(space + 1)..]);
        }
        return result;
    }
}
