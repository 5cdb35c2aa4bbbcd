using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests;

public class PhpAvailabilityTests
{
    [Fact]
    public void PhpHasTheIpcExtensions()
    {
        var r = PhpRunner.RunCode("foreach (['sysvshm','sysvsem','sysvmsg','shmop'] as $e) echo $e, '=', extension_loaded($e) ? 1 : 0, \"\\n\";").EnsureSuccess();
        Assert.Equal("sysvshm=1\nsysvsem=1\nsysvmsg=1\nshmop=1\n", r.StdoutText);
    }

    [Fact]
    public void KeyScopeRemovesWhatPhpCreated()
    {
        int key;
        using (var keys = new IpcKeyScope())
        {
            key = keys.NewKey();
            PhpRunner.RunCode($"shm_attach({key}, 1000); sem_get({key}); msg_get_queue({key});").EnsureSuccess();
            Assert.True(IpcKeyScope.InUse(key));
        }
        Assert.False(IpcKeyScope.InUse(key));
    }
}
