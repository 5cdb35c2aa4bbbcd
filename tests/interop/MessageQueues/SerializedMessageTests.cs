using PhpSerializer;
using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>PHP's default serialized messages: byte-identical sends, value and typed receives, corrupt payloads.</summary>
[Collection(SemMsgCollection.Name)]
public class SerializedMessageTests
{
    private const string PhpValueLiteral = "['id' => 7, 'tags' => ['a', 'b'], 'price' => 12.5, 'ok' => true, 'none' => null, 3 => \"x\\0y\"]";

    private static PhpArray SameValueInCSharp()
    {
        var tags = PhpArray.List("a", "b");
        var value = new PhpArray();
        value.Set("id", 7L);
        value.Set("tags", tags);
        value.Set("price", 12.5);
        value.Set("ok", true);
        value.Set("none", PhpNull.Instance);
        value.Set(3L, "x\0y");
        return value;
    }

    [Fact]
    public void SendOfAPhpValueIsByteIdenticalToPhpsMsgSend()
    {
        using var keys = new IpcKeyScope();
        int phpKey = keys.NewTrackedKey(), csKey = keys.NewTrackedKey();
        PhpRunner.RunCode($"msg_send(msg_get_queue({phpKey}, 0600), 5, {PhpValueLiteral});").EnsureSuccess();
        using var cs = PhpMessageQueue.Get(csKey);
        cs.Send(5, SameValueInCSharp());
        cs.Send(6, 42L);

        using var php = PhpMessageQueue.Get(phpKey);
        byte[] expected = php.Receive(5).Payload;
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(cs.Receive(5, PhpMessageReceiveFlags.NoWait).Payload));

        cs.Send(5, SameValueInCSharp());
        var r = PhpRunner.RunCode($"$q = msg_get_queue({csKey}, 0600); msg_receive($q, 5, $t, 1000, $v); var_dump($v === {PhpValueLiteral}); msg_receive($q, 6, $t, 1000, $v); var_dump($v);").EnsureSuccess();
        Assert.Equal("bool(true)\nint(42)\n", r.StdoutText);
    }

    [Fact]
    public void ReceivesPhpValuesAsValueModelAndTyped()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        PhpRunner.RunCode($"$q = msg_get_queue({key}, 0600); msg_send($q, 1, {PhpValueLiteral}); msg_send($q, 2, 'hello'); msg_send($q, 3, -17); msg_send($q, 4, 2.25);").EnsureSuccess();
        using var queue = PhpMessageQueue.Get(key);
        PhpValue value = queue.ReceiveValue(1);
        Assert.Equal(SameValueInCSharp(), value);
        Assert.Equal("hello", queue.Receive<string>(2));
        Assert.Equal(-17L, queue.Receive<long>(3));
        Assert.Equal(2.25, queue.Receive<double>(4));
    }

    [Fact]
    public void CorruptPayloadIsAClearErrorAndTheRawBytesStayAvailable()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        string corrupt = Hex("a:2:{i:0;s:5:\"ab");
        SendRaw(key, (8, corrupt), (8, corrupt), (9, Hex("i:5;trailing bytes")));
        using var queue = PhpMessageQueue.Get(key);

        var ex = Assert.Throws<PhpMessageCorruptedException>(() => queue.ReceiveValue(8));
        Assert.Contains("Message corrupted", ex.Message);
        Assert.Equal(8, ex.RawMessage.Type);
        Assert.Equal(Convert.FromHexString(corrupt), ex.RawMessage.Payload);
        Assert.IsAssignableFrom<PhpSerializationException>(ex.InnerException);

        // PHP: the same bytes give "Message corrupted" and false; the message has left the queue there too.
        var php = PhpRunner.RunCode($"$q = msg_get_queue({key}, 0600); var_dump(msg_receive($q, 8, $t, 1000, $v)); var_dump(msg_stat_queue($q)['msg_qnum']);");
        Assert.Contains("Message corrupted", php.Stderr + php.StdoutText);
        Assert.Contains("bool(false)\nint(1)\n", php.StdoutText);

        // Trailing bytes after a complete value are ignored, as msg_receive does.
        Assert.Equal(new PhpInt(5), queue.ReceiveValue(9));
    }
}
