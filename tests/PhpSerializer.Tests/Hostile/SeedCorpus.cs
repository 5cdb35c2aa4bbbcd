using System.Runtime.CompilerServices;
using PhpShmCompat.TestSupport;

namespace PhpSerializer.Tests.Hostile;

/// <summary>
/// The seed corpus of the hostile-input tests: real PHP 8.2 <c>serialize()</c> output made at
/// test time by <c>seed-corpus.php</c> (next to this file), plus the lenient/legacy forms PHP
/// accepts but never writes (<c>S:</c>, <c>i:+1;</c>, <c>d:.5;</c>, ...).
/// </summary>
internal static class SeedCorpus
{
    private static readonly Lazy<IReadOnlyList<byte[]>> Seeds = new(Load);

    public static IReadOnlyList<byte[]> All => Seeds.Value;

    /// <summary>Path of a file in this folder (the sources are in the tree the tests were built from).</summary>
    public static string ScriptPath(string name, [CallerFilePath] string here = "")
    {
        string fromSource = Path.Combine(Path.GetDirectoryName(here) ?? ".", name);
        if (File.Exists(fromSource)) return fromSource;
        // Builds with mapped source paths: walk up from the binaries to the repository.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests/PhpSerializer.Tests/Hostile", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{name} not found next to {here} or above {AppContext.BaseDirectory}");
    }

    private static List<byte[]> Load()
    {
        PhpResult run = PhpRunner.RunFile(ScriptPath("seed-corpus.php")).EnsureSuccess();
        var seeds = new List<byte[]>();
        var data = run.Stdout.AsSpan();
        while (!data.IsEmpty)
        {
            int n = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data);
            seeds.Add(data.Slice(4, n).ToArray());
            data = data[(4 + n)..];
        }
        if (seeds.Count < 40) throw new InvalidOperationException($"seed-corpus.php produced only {seeds.Count} seeds");
        foreach (string lenient in Lenient) seeds.Add(System.Text.Encoding.Latin1.GetBytes(lenient));
        return seeds;
    }

    private static readonly string[] Lenient =
    {
        "S:3:\"a\\62c\";", "a:1:{S:1:\"\\6b\";i:+1;}", "i:007;", "d:.5;", "d:5.;", "d:1e3;", "d:+1.5E+2;",
        "O:8:\"stdClass\":+1:{s:1:\"a\";N;}", "a:2:{i:0;i:1;i:1;R:2;}trailing bytes",
    };
}
