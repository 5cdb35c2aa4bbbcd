using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// The container really shares this host's System V IPC namespace: a segment PHP makes in the
/// container exists on the host and the host's PHP reads the same value, and back.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class ContainerIpcNamespaceTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private const string Value = "['a' => 1, 'b' => [true, null, 1.5, -7], 's' => \"x\\0y\\xff\", 'o' => (object)['p' => 'q']]";

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task SegmentPutInTheContainerIsReadOnTheHost(string version)
    {
        var php = await pool.GetAsync(version, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Assert.False(IpcKeyScope.InUse(key));

        var put = (await php.ExecPhpAsync($"$v = {Value}; shm_put_var(shm_attach({key}, 4096), 7, $v); echo bin2hex(serialize($v));")).EnsureSuccess();

        Assert.True(IpcKeyScope.InUse(key), "the segment made in the container is not visible on the host");
        var read = PhpRunner.RunCode($"echo bin2hex(serialize(shm_get_var(shm_attach({key}), 7)));").EnsureSuccess();
        Assert.Equal(put.Stdout, read.StdoutText);
        Assert.Contains("780079ff", put.Stdout); // "x\0y\xff": the bytes crossed unchanged
    }

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4")]
    public async Task SegmentPutOnTheHostIsReadInTheContainer(string version)
    {
        var php = await pool.GetAsync(version, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();

        var put = PhpRunner.RunCode($"$v = {Value}; shm_put_var(shm_attach({key}, 4096), 9, $v); echo bin2hex(serialize($v));").EnsureSuccess();
        var read = (await php.ExecPhpAsync($"echo bin2hex(serialize(shm_get_var(shm_attach({key}), 9)));")).EnsureSuccess();

        Assert.Equal(put.StdoutText, read.Stdout);
        Assert.Equal("", read.Stderr);
    }
}
