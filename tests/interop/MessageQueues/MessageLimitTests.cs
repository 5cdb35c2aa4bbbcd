using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>NoWait on an empty queue, NoError truncation, size limits, full queue, bad types.</summary>
[Collection(SemMsgCollection.Name)]
public class MessageLimitTests
{
    [Fact]
    public void NoWaitOnAnEmptyQueueFailsWithEnomsgOnBothSides()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        Assert.False(queue.TryReceive(0, out PhpMessage? none));
        Assert.Null(none);
        var ex = Assert.Throws<PhpMessageQueueEmptyException>(() => queue.Receive(0, PhpMessageReceiveFlags.NoWait));
        Assert.Equal(42, ex.Errno);
        Assert.Equal(["err 42"], Receive(key, (0, 1, 100)));
    }

    [Fact]
    public void NoErrorTruncatesLikePhpAndWithoutItTheMessageStaysQueued()
    {
        using var keys = new IpcKeyScope();
        int phpKey = keys.NewTrackedKey(), csKey = keys.NewTrackedKey();
        string payload = Hex(new string('x', 50) + new string('y', 50));
        SendRaw(phpKey, (4, payload), (4, payload));
        SendRaw(csKey, (4, payload), (4, payload));

        using var queue = PhpMessageQueue.Get(csKey);
        var tooBig = Assert.Throws<PhpMessageTooLargeException>(() => queue.Receive(0, maxSize: 10));
        Assert.Equal(7, tooBig.Errno); // E2BIG, and the message was not taken:
        Assert.Equal(2, queue.Stat().MessageCount);
        PhpMessage cut = queue.Receive(0, PhpMessageReceiveFlags.NoError, maxSize: 10);
        Assert.Equal("xxxxxxxxxx"u8.ToArray(), cut.Payload);

        // PHP: E2BIG without MSG_NOERROR (2), 10 bytes with it; the same as C#.
        Assert.Equal(["err 7", "4 " + Hex("xxxxxxxxxx")], Receive(phpKey, (0, 0, 10), (0, 2, 10)));
        Assert.Equal(Line(queue.Receive(0, maxSize: 100)), Receive(phpKey, (0, 0, 100))[0]);
    }

    [Fact]
    public void PayloadsOverMsgmaxAreRejectedClearlyAndMsgmaxItselfPasses()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        int max = PhpMessageQueue.MaxMessageSize;
        Assert.Equal(int.Parse(File.ReadAllText("/proc/sys/kernel/msgmax").Trim(), System.Globalization.CultureInfo.InvariantCulture), max);

        var ex = Assert.Throws<PhpMessageTooLargeException>(() => queue.SendRaw(1, new byte[max + 1]));
        Assert.Contains("msgmax", ex.Message);
        queue.SendRaw(1, new byte[max]);
        Assert.Equal(max, queue.Receive(1).Payload.Length);

        // PHP: msg_send of msgmax + 1 bytes fails with EINVAL (22); msgmax bytes pass.
        var php = PhpRunner.RunCode($"$q = msg_get_queue({key}, 0600); var_dump(@msg_send($q, 1, str_repeat('a', {max + 1}), false, true, $e), $e, msg_send($q, 1, str_repeat('a', {max}), false));").EnsureSuccess();
        Assert.Equal("bool(false)\nint(22)\nbool(true)\n", php.StdoutText);
    }

    [Fact]
    public void FullQueueFailsOnlyWhenNonBlocking()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        queue.Set(maxBytes: 100);
        queue.SendRaw(1, new byte[60], blocking: false);
        var ex = Assert.Throws<PhpMessageQueueFullException>(() => queue.SendRaw(1, new byte[60], blocking: false));
        Assert.Equal(11, ex.Errno);
        // PHP sees the same: EAGAIN (11) for a non-blocking send.
        var php = PhpRunner.RunCode($"var_dump(@msg_send(msg_get_queue({key}), 1, str_repeat('a', 60), false, false, $e), $e);").EnsureSuccess();
        Assert.Equal("bool(false)\nint(11)\n", php.StdoutText);
        Assert.Equal(1, queue.Stat().MessageCount);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void TypesBelowOneAreRejectedLikeTheKernelDoesForPhp(long type)
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => queue.SendRaw(type, "x"u8));
        Assert.Contains("greater than 0", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.SendScalar(type, 1L));
        string phpType = type == long.MinValue ? "PHP_INT_MIN" : type.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var php = PhpRunner.RunCode($"var_dump(@msg_send(msg_get_queue({key}), {phpType}, 'x', false, true, $e), $e);").EnsureSuccess();
        Assert.Equal("bool(false)\nint(22)\n", php.StdoutText);
        Assert.Equal(0, queue.Stat().MessageCount);
    }
}
