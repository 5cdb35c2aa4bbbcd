using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>Stat equals PHP's msg_stat_queue; Set and msg_set_queue see each other.</summary>
[Collection(SemMsgCollection.Name)]
public class MessageStatTests
{
    [Fact]
    public void StatEqualsMsgStatQueueFieldForFieldInPhpsOrder()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        SendRaw(key, (1, Hex("hello")), (2, Hex("world!")));
        Receive(key, (2, 0, 100)); // so rtime and lrpid are set too (by that php process)
        using var queue = PhpMessageQueue.Get(key);
        PhpMessageQueueStat stat = queue.Stat();
        Assert.Equal(Stat(key), stat.ToPhpText());
        Assert.Equal(1, stat.MessageCount);
        Assert.Equal(0x180, stat.Mode);
        Assert.Equal(16384, stat.MaxBytes);

        queue.SendRaw(3, "abc"u8); // C# is now the last sender
        Assert.Equal(Environment.ProcessId, queue.Stat().LastSendPid);
        Assert.Equal(Stat(key), queue.Stat().ToPhpText());
    }

    [Fact]
    public void SetAndMsgSetQueueChangeTheSameFields()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key, IpcPermissions.Everyone);
        Assert.Equal(0x1B6, queue.Stat().Mode);

        queue.Set(mode: IpcPermissions.FromMode(0x1A0), maxBytes: 4000); // 0640
        Assert.Contains("msg_perm.mode=416\n", Stat(key));
        Assert.Contains("msg_qbytes=4000\n", Stat(key));

        PhpRunner.RunCode($"var_dump(msg_set_queue(msg_get_queue({key}), ['msg_qbytes' => 3000, 'msg_perm.mode' => 0600]));").EnsureSuccess();
        PhpMessageQueueStat stat = queue.Stat();
        Assert.Equal(3000, stat.MaxBytes);
        Assert.Equal(0x180, stat.Mode);
        Assert.Equal(Stat(key), stat.ToPhpText());

        queue.Set(uid: (uint)stat.Uid, gid: (uint)stat.Gid); // unchanged owner: allowed, nothing else moves
        Assert.Equal(3000, queue.Stat().MaxBytes);
    }

    [Fact]
    public void ExistsAndRemoveAgreeWithPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        Assert.False(PhpMessageQueue.Exists(key));
        PhpRunner.RunCode($"msg_get_queue({key}, 0600);").EnsureSuccess();
        Assert.True(PhpMessageQueue.Exists(key));
        using var queue = PhpMessageQueue.Get(key);
        queue.Remove();
        Assert.False(PhpMessageQueue.Exists(key));
        Assert.Equal("bool(false)\n", PhpRunner.RunCode($"var_dump(msg_queue_exists({key}));").EnsureSuccess().StdoutText);
        Assert.Throws<PhpIpcNotFoundException>(() => queue.Stat());
    }
}
