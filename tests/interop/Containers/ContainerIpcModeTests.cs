using PhpShmCompat.Testing;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// <see cref="ContainerIpcMode"/>: what a PHP container makes is visible exactly in its IPC
/// namespace: the host's (<c>host</c>), its own (<c>private</c>, <c>shareable</c>), or the one of
/// the container it joined (<c>container:ID</c>).
/// </summary>
public sealed class ContainerIpcModeTests(ITestOutputHelper output)
{
    private const string Version = "8.2";

    [DockerFact(Version)]
    public async Task PrivateNamespaceIsSeenNeitherByTheHostNorByAnotherContainer()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        await using PhpContainer a = await PhpContainerPool.StartAsync(PhpBuilder.ForLocalImage(Version).WithIpcMode(ContainerIpcMode.Private));
        await using PhpContainer b = await PhpContainerPool.StartAsync(PhpBuilder.ForLocalImage(Version).WithIpcMode(ContainerIpcMode.Private));
        output.WriteLine(a.Describe());
        output.WriteLine(b.Describe());
        Assert.Equal("private", await IpcModeOf(a));

        (await a.ExecPhpAsync($"shm_put_var(shm_attach({key}, 4096, 0600), 1, 'in a');")).EnsureSuccess();

        Assert.Equal("s:4:\"in a\";", (await a.ExecPhpAsync($"echo serialize(shm_get_var(shm_attach({key}), 1));")).EnsureSuccess().Stdout);
        Assert.False(IpcKeyScope.InUse(key), "a private namespace's segment is visible on the host");
        Assert.Equal("absent", (await b.ExecPhpAsync($"echo @shmop_open({key}, 'a', 0, 0) === false ? 'absent' : 'present';")).Stdout);
    }

    [DockerFact(Version)]
    public async Task ContainerJoiningAShareableNamespaceSeesItsObjectsAndTheHostDoesNot()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        await using PhpContainer owner = PhpBuilder.ForLocalImage(Version).WithIpcMode(ContainerIpcMode.Shareable).Build();
        // Built before the owner starts: the id is read at creation, and the dependency starts the owner first.
        await using PhpContainer joined = PhpBuilder.ForLocalImage(Version).WithIpcMode(ContainerIpcMode.Container(owner)).Build();
        await joined.StartAsync();
        output.WriteLine(owner.Describe());
        output.WriteLine(joined.Describe());
        Assert.Equal("shareable", await IpcModeOf(owner));
        Assert.Equal("container:" + owner.Id, await IpcModeOf(joined));

        (await owner.ExecPhpAsync($"shm_put_var(shm_attach({key}, 4096, 0600), 1, [1, 'two']); sem_get({key}, 1, 0600); msg_send(msg_get_queue({key}, 0600), 5, 'hello');")).EnsureSuccess();
        var seen = (await joined.ExecPhpAsync($"msg_receive(msg_get_queue({key}), 5, $t, 100, $m); echo json_encode(shm_get_var(shm_attach({key}), 1)), ' ', $m;")).EnsureSuccess();

        Assert.Equal("[1,\"two\"] hello", seen.Stdout);
        Assert.False(IpcKeyScope.InUse(key), "the shared namespace's objects are visible on the host");
    }

    [DockerFact]
    public async Task WithMethodsMergeIntoNewBuildersAndLeaveTheOldOnesAsTheyWere()
    {
        PhpBuilder plain = PhpBuilder.ForLocalImage(Version);
        PhpBuilder private1 = plain.WithIpcMode(ContainerIpcMode.Private);
        PhpBuilder timed = private1.WithRunTimeout(TimeSpan.FromSeconds(7));
        await using PhpContainer a = plain.Build();
        await using PhpContainer b = private1.Build();
        await using PhpContainer c = timed.Build();
        Assert.True(a.IpcMode.IsHost);
        Assert.Equal(TimeSpan.FromMinutes(2), a.RunTimeout);
        Assert.Same(ContainerIpcMode.Private, b.IpcMode);
        Assert.Equal(TimeSpan.FromMinutes(2), b.RunTimeout);
        Assert.Same(ContainerIpcMode.Private, c.IpcMode); // kept from the builder it came from
        Assert.Equal(TimeSpan.FromSeconds(7), c.RunTimeout);
        Assert.Equal(PhpBuilder.LocalImageName(Version), c.Image.FullName);
        Assert.Throws<ArgumentOutOfRangeException>(() => plain.WithRunTimeout(TimeSpan.Zero));
    }

    [Fact]
    public void ModesParseAndPrintAsDockerSpellsThem()
    {
        Assert.Equal("host", ContainerIpcMode.Parse("host").ToDockerValue());
        Assert.Equal("private", ContainerIpcMode.Parse("private").ToDockerValue());
        Assert.Equal("shareable", ContainerIpcMode.Parse("shareable").ToDockerValue());
        Assert.Equal("container:abc123", ContainerIpcMode.Parse("container:abc123").ToDockerValue());
        Assert.True(ContainerIpcMode.Host.IsHost);
        Assert.Throws<ArgumentException>(() => ContainerIpcMode.Parse("none;rm"));
        Assert.Throws<ArgumentException>(() => ContainerIpcMode.Container("a b"));
    }

    private static async Task<string> IpcModeOf(PhpContainer php)
    {
        // What Docker recorded for the running container (docker inspect .HostConfig.IpcMode).
        var psi = new System.Diagnostics.ProcessStartInfo("docker", ["inspect", "-f", "{{.HostConfig.IpcMode}}", php.Id]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        string text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return text.Trim();
    }
}
