using System.Reflection;
using PhpShmCompat.MessageQueues;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>Sending into a full queue (blocking or not), failures of msgsnd, and the msgmax limit reader.</summary>
public class MessageSendTests
{
    private static PhpMessageQueue FullQueue(IpcKeyScope keys)
    {
        var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.Set(maxBytes: 8);          // lowering msg_qbytes needs no privilege
        queue.SendRaw(1, "12345678"u8);   // now full
        Assert.Equal(1, queue.Stat().MessageCount);
        return queue;
    }

    [Fact]
    public void ANonBlockingSendToAFullQueueFailsAndSendsNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = FullQueue(keys);
        var ex = Assert.Throws<PhpMessageQueueFullException>(() => queue.SendRaw(2, "x"u8, blocking: false));
        Assert.Equal(11, ex.Errno); // EAGAIN
        Assert.Equal(1, queue.Stat().MessageCount);
    }

    [Fact]
    public async Task ABlockingSendWaitsForRoom()
    {
        using var keys = new IpcKeyScope();
        using var queue = FullQueue(keys);
        Task send = Task.Factory.StartNew(() => queue.SendRaw(2, "x"u8), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // It cannot finish before there is room; a send that did not wait would have failed by now.
        Assert.False(await send.FinishesWithin(300), send.Exception?.ToString());
        Assert.Equal(1, queue.Receive(1, PhpMessageReceiveFlags.NoWait).Type);
        await send.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("x"u8.ToArray(), queue.Receive(2, PhpMessageReceiveFlags.NoWait).Payload);
    }

    [Fact]
    public void OneSendIsOneMessage()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.SendRaw(4, "a"u8, blocking: false);
        queue.SendRaw(4, ""u8);
        Assert.Equal(2, queue.Stat().MessageCount);
        Assert.Equal("a"u8.ToArray(), queue.Receive(4, PhpMessageReceiveFlags.NoWait).Payload);
        Assert.Empty(queue.Receive(4, PhpMessageReceiveFlags.NoWait).Payload); // a zero-length message is a message
        Assert.Equal(0, queue.Stat().MessageCount);
    }

    [Fact]
    public void SendingToARemovedQueueFails()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        queue.Remove();
        var ex = Assert.Throws<PhpIpcNotFoundException>(() => queue.SendRaw(1, "x"u8, blocking: false));
        Assert.Equal("msgsnd", ex.Operation);
        Assert.Throws<PhpIpcNotFoundException>(() => queue.Receive(0, PhpMessageReceiveFlags.NoWait));
    }

    [Fact]
    public void MsgMaxIsTheKernelsValue()
        => Assert.Equal(int.Parse(File.ReadAllText("/proc/sys/kernel/msgmax").Trim(), System.Globalization.CultureInfo.InvariantCulture), MessageQueueOps.MsgMax);

    [Theory]
    [InlineData("16384\n", 16384)]
    [InlineData("1", 1)]
    [InlineData("0", 8192)]
    [InlineData("-5", 8192)]
    [InlineData("many", 8192)]
    [InlineData("", 8192)]
    public void TheLimitReaderFallsBackOnAnythingButAPositiveNumber(string content, int expected)
    {
        string file = Path.Combine(Path.GetTempPath(), $"phpshm-limit-{Guid.NewGuid():N}");
        File.WriteAllText(file, content);
        try { Assert.Equal(expected, ReadLimit(file, 8192)); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void TheLimitReaderFallsBackWhenTheFileCannotBeRead()
    {
        Assert.Equal(8192, ReadLimit(Path.Combine(Path.GetTempPath(), $"phpshm-missing-{Guid.NewGuid():N}"), 8192)); // IOException
        Assert.Equal(77, ReadLimit(Path.GetTempPath(), 77)); // a directory: UnauthorizedAccessException
    }

    // The reader is private to its class (one use, the kernel's file); reached here by reflection
    // so every branch can be fed a file of its own.
    private static int ReadLimit(string path, int fallback)
        => (int)typeof(MessageQueueOps).GetMethod("ReadLimit", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [path, fallback])!;
}

internal static class TaskTestExtensions
{
    /// <summary>True when <paramref name="task"/> finishes (in any state) within <paramref name="milliseconds"/>.</summary>
    public static async Task<bool> FinishesWithin(this Task task, int milliseconds)
        => await Task.WhenAny(task, Task.Delay(milliseconds)).ConfigureAwait(false) == task;
}
