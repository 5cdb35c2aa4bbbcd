using PhpSerializer;
using PhpShmCompat.MessageQueues;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>PhpMessageQueue on its own (no php needed): flag mapping, argument checks, round trips, buffers.</summary>
public class PhpMessageQueueTests
{
    [Theory]
    [InlineData(PhpMessageReceiveFlags.None, 0)]
    [InlineData(PhpMessageReceiveFlags.NoWait, 0x800)]
    [InlineData(PhpMessageReceiveFlags.NoError, 0x1000)]
    [InlineData(PhpMessageReceiveFlags.Except, 0x2000)]
    [InlineData(PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.NoError | PhpMessageReceiveFlags.Except, 0x3800)]
    public void PhpFlagValuesMapToLibcValues(PhpMessageReceiveFlags flags, int native)
    {
        Assert.Equal(native, MessageQueueOps.ToNative(flags));
        Assert.Equal(flags, (PhpMessageReceiveFlags)((int)flags & 7)); // PHP's own values are 1, 2, 4
    }

    [Fact]
    public void ReceiveArgumentsAreChecked()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Receive(0, PhpMessageReceiveFlags.NoWait, maxSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.Receive(0, (PhpMessageReceiveFlags)8));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.TryReceive(0, out _, maxSize: -1));
    }

    [Fact]
    public void LargePayloadsGrowThePooledBufferAndArriveIntact()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        byte[] payload = new byte[PhpMessageQueue.MaxMessageSize];
        new Random(42).NextBytes(payload);
        queue.SendRaw(long.MaxValue, payload);
        PhpMessage m = queue.Receive(0, PhpMessageReceiveFlags.NoWait);
        Assert.Equal(long.MaxValue, m.Type);
        Assert.Equal(payload, m.Payload);

        using var buffer = MessageBuffer.Start(3, 1);
        for (int i = 0; i < 1000; i++)
        {
            buffer.GetSpan(7)[..7].Fill((byte)i);
            buffer.Advance(7);
        }
        Assert.Equal(7000, buffer.PayloadLength);
        Assert.Equal(3L, BitConverter.ToInt64(buffer.Array, 0));
        Assert.Equal(unchecked((byte)999), buffer.Array[8 + 6999]);
        Assert.Throws<InvalidOperationException>(() => buffer.Advance(int.MaxValue));
    }

    [Fact]
    public void ValuesRoundTripAndCorruptPayloadsKeepTheirBytes()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.Send(1, PhpArray.List(1L, "two", 3.5));
        queue.Send(2, "typed");
        queue.SendRaw(3, "s:99:\"short\";"u8);
        Assert.Equal(PhpArray.List(1L, "two", 3.5), queue.ReceiveValue(1));
        Assert.Equal("typed", queue.Receive<string>(2));
        var ex = Assert.Throws<PhpMessageCorruptedException>(() => queue.ReceiveValue(3));
        Assert.Equal("s:99:\"short\";"u8.ToArray(), ex.RawMessage.Payload);
        Assert.False(ex.RawMessage.TryGetValue(out _));
    }

    [Fact]
    public void StatFieldsAreInPhpsOrderUnderPhpsNames()
    {
        var stat = new PhpMessageQueueStat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Assert.Equal(
            ["msg_perm.uid", "msg_perm.gid", "msg_perm.mode", "msg_stime", "msg_rtime", "msg_ctime", "msg_qnum", "msg_qbytes", "msg_lspid", "msg_lrpid"],
            stat.ToPhpFields().Select(f => f.Key));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), stat.ToPhpFields().Select(f => f.Value));
    }

    [Fact]
    public void DisposedHandlesRefuseWorkButTheQueueStays()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        var queue = PhpMessageQueue.Get(key);
        queue.Dispose();
        Assert.Throws<ObjectDisposedException>(() => queue.SendRaw(1, "x"u8));
        Assert.Throws<ObjectDisposedException>(() => queue.Stat());
        Assert.True(PhpMessageQueue.Exists(key));
    }
}
