using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>
/// The desired type goes to <c>msgrcv</c> as given: 0 takes the first message, a positive type
/// the first of that type (or, with Except, the first of another), a negative one the first of
/// the lowest type at or below its absolute value.
/// </summary>
public class MessageSelectionTests
{
    private static PhpMessageQueue Filled(IpcKeyScope keys)
    {
        var queue = PhpMessageQueue.Get(keys.NewKey());
        foreach (long type in new long[] { 5, 3, 7, 3, 1 }) queue.SendScalar(type, $"t{type}");
        return queue;
    }

    private static string Take(PhpMessageQueue queue, long desiredType, PhpMessageReceiveFlags flags = PhpMessageReceiveFlags.None)
    {
        PhpMessage m = queue.Receive(desiredType, flags | PhpMessageReceiveFlags.NoWait);
        return $"{m.Type}:{System.Text.Encoding.ASCII.GetString(m.Payload)}";
    }

    [Fact]
    public void NegativeTypesTakeTheLowestTypeAtOrBelowTheirAbsoluteValue()
    {
        using var keys = new IpcKeyScope();
        using var queue = Filled(keys);
        Assert.Equal("1:t1", Take(queue, -5));    // lowest type <= 5, not the first type-5 message
        Assert.Equal("3:t3", Take(queue, -4));    // there is no type 4: the lowest <= 4
        Assert.Equal("3:t3", Take(queue, -6));
        Assert.Throws<PhpMessageQueueEmptyException>(() => queue.Receive(-4, PhpMessageReceiveFlags.NoWait));
        Assert.False(queue.TryReceive(-2, out _));
        Assert.Equal("5:t5", Take(queue, -long.MaxValue));
        Assert.Equal("7:t7", Take(queue, -7));
    }

    [Fact]
    public void PositiveZeroAndExceptSelectAsPhpDoes()
    {
        using var keys = new IpcKeyScope();
        using var queue = Filled(keys);
        Assert.Equal("3:t3", Take(queue, 3));
        Assert.Equal("5:t5", Take(queue, 3, PhpMessageReceiveFlags.Except)); // first message whose type is not 3
        Assert.Equal("7:t7", Take(queue, 7));
        Assert.Equal("3:t3", Take(queue, 0));
        Assert.False(queue.TryReceive(4, out _));
        Assert.False(queue.TryReceive(1, out _, PhpMessageReceiveFlags.Except));
        Assert.True(queue.TryReceive(1, out PhpMessage? last));
        Assert.Equal(1, last.Type);
        Assert.False(queue.TryReceive(0, out _));
    }

    [Fact]
    public async Task TheWaitingReceivesSelectByTheSameRule()
    {
        using var keys = new IpcKeyScope();
        using var queue = Filled(keys);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(1, queue.Receive(-5, PhpMessageReceiveFlags.None, null, cts.Token).Type);
        Assert.Equal(3, (await queue.ReceiveAsync(-4, cancellationToken: cts.Token)).Type);
        Assert.Equal(3, queue.Receive(-4).Type);
        Assert.Equal(5, (await queue.ReceiveAsync(-6, cancellationToken: cts.Token)).Type);
    }

    [Fact]
    public void TooLargeMessagesFailOrAreCutWithNoError()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(2, "abcdef"u8);
        Assert.Throws<PhpMessageTooLargeException>(() => queue.Receive(0, PhpMessageReceiveFlags.NoWait, maxSize: 5));
        Assert.Equal("abcdef"u8.ToArray(), queue.Receive(0, PhpMessageReceiveFlags.NoWait, maxSize: 6).Payload);
        queue.SendRaw(2, "abcdef"u8);
        Assert.Equal("abcde"u8.ToArray(), queue.Receive(0, PhpMessageReceiveFlags.NoWait | PhpMessageReceiveFlags.NoError, maxSize: 5).Payload);
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.SendRaw(0, "x"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => queue.SendRaw(-1, "x"u8));
        Assert.Throws<PhpMessageTooLargeException>(() => queue.SendRaw(1, new byte[PhpMessageQueue.MaxMessageSize + 1]));
    }
}
