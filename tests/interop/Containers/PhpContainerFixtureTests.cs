using PhpShmCompat.Testing;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>The <see cref="PhpContainer"/> fixture itself: outputs, exit codes, scripts, checks and clean-up.</summary>
[Collection(PhpContainerCollection.Name)]
public sealed class PhpContainerFixtureTests(PhpContainerPool pool, ITestOutputHelper output)
{
    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task RunPhpReturnsStdoutStderrAndExitCode(string version)
    {
        var php = await pool.GetAsync(version, output);
        Assert.StartsWith(version + ".", php.PhpVersion);

        var ok = await php.ExecPhpAsync("echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION, ' ', $argv[1], ' ', count($argv); fwrite(STDERR, 'to stderr');", ["arg one"]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal($"{version} arg one 2", ok.Stdout);
        Assert.Equal("to stderr", ok.Stderr);

        var exit = await php.ExecPhpAsync("echo 'partial'; exit(7);");
        Assert.Equal(7, exit.ExitCode);
        Assert.Equal("partial", exit.Stdout);
        var ex = Assert.Throws<PhpContainerException>(() => exit.EnsureSuccess());
        Assert.Contains("exited with 7", ex.Message);

        var fatal = await php.ExecPhpAsync("undefined_function_xyz();");
        Assert.Equal(255, fatal.ExitCode);
        Assert.Contains("undefined_function_xyz", fatal.Stderr);
    }

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task RunScriptCopiesTheScriptRunsItAndRemovesIt(string version)
    {
        var php = await pool.GetAsync(version, output);
        // Bigger than one command-line argument may be (128 KiB), so only a file can carry it.
        string payload = new('x', 200_000);
        string script = $"<?php\n$s = '{payload}';\necho strlen($s), ' ', __FILE__, ' ', $argv[1];\n";

        var r = (await php.ExecScriptAsync(script, ["a1"])).EnsureSuccess();
        string[] parts = r.Stdout.Split(' ');
        Assert.Equal("200000", parts[0]);
        Assert.StartsWith("/tmp/phpshmcompat-", parts[1]);
        Assert.Equal("a1", parts[2]);
        var gone = await php.ExecAsync(["test", "-e", parts[1]]);
        Assert.Equal(1, gone.ExitCode);
    }

    [DockerFact("8.4")]
    public async Task DisposeRemovesTheContainerAndItsIpcObjectsStayWithTheKeyScope()
    {
        const string version = "8.4";
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        string id;
        await using (var php = await PhpContainerPool.StartAsync(PhpBuilder.ForLocalImage(version)))
        {
            id = php.Id;
            output.WriteLine(php.Describe());
            Assert.True(DockerEngine.ContainerExists(id));
            (await php.ExecPhpAsync($"sem_get({key}, 1, 0600, false); msg_get_queue({key}, 0600);")).EnsureSuccess();
        }
        Assert.False(DockerEngine.ContainerExists(id), $"container {id} is still there after DisposeAsync");
        // What PHP made lives in the host's namespace, not the container's, and outlives it.
        Assert.True(IpcKeyScope.InUse(key));
    }

    [DockerFact]
    public async Task StartRefusesAMissingImageWithoutPulling()
    {
        var ex = await Assert.ThrowsAsync<PhpContainerException>(() => PhpContainerPool.StartAsync(new PhpBuilder("phpshmcompat/php:0.0-missing")));
        Assert.Contains("phpshmcompat/php:0.0-missing", ex.Message);
        Assert.Contains("build-local-images.sh", ex.Message);
    }

    [DockerFact("7.4")]
    public async Task StartRefusesAnImageWhosePhpIsNotTheExpectedVersion()
    {
        const string version = "7.4";
        var builder = new PhpBuilder(PhpBuilder.LocalImageName(version)).WithPhpVersion("5.6");
        var ex = await Assert.ThrowsAsync<PhpContainerException>(() => PhpContainerPool.StartAsync(builder));
        Assert.Contains("not 5.6", ex.Message);
    }

    [DockerFact]
    public void TestcontainersIsSetUpForTheEngineWithoutAnythingInTheShell()
    {
        DockerEngine.ConfigureTestcontainers();
        DockerEngineInfo engine = DockerEngine.Info!;
        Version used = new DotNet.Testcontainers.Configurations.DockerEndpointAuthenticationConfiguration(engine.Endpoint).Version;
        output.WriteLine($"{engine}; Testcontainers speaks API {used}; DOCKER_API_VERSION={Environment.GetEnvironmentVariable("DOCKER_API_VERSION")}");
        Assert.True(used <= engine.ApiVersion, $"Testcontainers asks for API {used}, the engine speaks at most {engine.ApiVersion}");
        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") == "true")
            Assert.False(DotNet.Testcontainers.Configurations.TestcontainersSettings.ResourceReaperEnabled);
    }

    [Fact]
    public void ImageNamesAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new PhpBuilder("php:8.2 --privileged"));
        Assert.Throws<ArgumentException>(() => new PhpBuilder("../../containers/x"));
        Assert.Throws<ArgumentException>(() => new PhpBuilder(""));
        Assert.Equal("phpshmcompat/php:8.4", PhpBuilder.LocalImageName("8.4"));
    }
}
