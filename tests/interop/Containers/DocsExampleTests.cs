using PhpShmCompat.Testing;

namespace PhpShmCompat.InteropTests.Containers;

// docs:begin (docs/docker.md shows this region; DocsExampleIsTheDocumentedOne keeps both the same)
public sealed class Php84 : PhpShmCompat.Testing.Xunit.Php84ContainerFixture;

public sealed class WorkerStateTests(Php84 php) : IClassFixture<Php84>
{
    [DockerFact("8.4")] // in your own project: [Fact]
    public async Task DotNetReadsWhatPhpWroteAndBack()
    {
        int key = 0x7E000000 | Random.Shared.Next(0xFFFFFF);
        using var shm = PhpShmCompat.PhpSharedMemory.Attach(key, 4096);   // the container shares the host's IPC namespace
        try
        {
            (await php.Container.ExecPhpAsync($"shm_put_var(shm_attach({key}), 1, ['jobs' => 42]);")).EnsureSuccess();
            var state = (PhpSerializer.PhpArray)shm.Get(1);
            Assert.Equal(42L, ((PhpSerializer.PhpInt)state["jobs"]).Value);

            shm.Put(2, "from .NET");
            PhpContainerResult r = await php.Container.ExecPhpAsync($"echo shm_get_var(shm_attach({key}), 2);");
            Assert.Equal("from .NET", r.EnsureSuccess().Stdout);
        }
        finally
        {
            shm.Destroy();
        }
    }
}
// docs:end

/// <summary>The example in docs/docker.md is this file's region, character for character.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void DocsExampleIsTheDocumentedOne()
    {
        string root = RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "tests", "interop", "Containers", "DocsExampleTests.cs"));
        string doc = File.ReadAllText(Path.Combine(root, "docs", "docker.md"));
        string region = Between(source, "// docs:end\n", "// docs:begin", "\n");
        Assert.Contains("```csharp\n" + region + "```", doc.Replace("using PhpShmCompat.Testing;\nusing Xunit;\n\n", "", StringComparison.Ordinal));
    }

    private static string Between(string text, string endMarker, string beginMarker, string afterBegin)
    {
        int begin = text.IndexOf(beginMarker, StringComparison.Ordinal);
        begin = text.IndexOf(afterBegin, begin, StringComparison.Ordinal) + afterBegin.Length;
        int end = text.IndexOf(endMarker, begin, StringComparison.Ordinal);
        return text[begin..end];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "docs", "docker.md"))) return dir.FullName;
        return Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", ".."));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
