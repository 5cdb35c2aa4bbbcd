using PhpSerializer;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Tests.MessageQueues;

/// <summary>Receives into a reused <see cref="PhpMessageBuffer"/> and into a reused <see cref="PhpDocument"/>.</summary>
public class MessageBufferReceiveTests
{
    [Fact]
    public void AReusedBufferHoldsEachMessageInTurn()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var buffer = new PhpMessageBuffer(64);
        Assert.False(buffer.HasMessage);
        Assert.False(queue.TryReceive(buffer));

        queue.SendRaw(3, "first"u8);
        queue.SendRaw(9, "second message"u8);
        Assert.Equal(5, queue.Receive(buffer));
        Assert.Equal((3L, "first"), (buffer.Type, System.Text.Encoding.ASCII.GetString(buffer.Payload)));
        Assert.True(queue.TryReceive(buffer, 9));
        Assert.Equal((9L, "second message"), (buffer.Type, System.Text.Encoding.ASCII.GetString(buffer.Payload)));

        queue.SendRaw(1, new byte[65]);
        Assert.Throws<PhpMessageTooLargeException>(() => queue.Receive(buffer, 0, PhpMessageReceiveFlags.NoWait));
        Assert.False(buffer.HasMessage);
        Assert.Equal(64, queue.Receive(buffer, 0, PhpMessageReceiveFlags.NoError)); // cut to the capacity, as msgrcv does
        Assert.Throws<PhpMessageQueueEmptyException>(() => queue.Receive(buffer, 0, PhpMessageReceiveFlags.NoWait));

        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => queue.TryReceive(buffer));
    }

    [Fact]
    public void MessagesLoadIntoAReusedDocument()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using PhpDocument document = PhpDocument.Create();
        queue.Send(4, new PhpArray { ["job"] = "mail", ["tries"] = 3 });
        queue.SendRaw(5, "i:7"u8); // no ';': corrupt
        Assert.Equal(4, queue.ReceiveDocument(document));
        Assert.Equal("mail", document.RootElement["job"].GetString());
        Assert.Equal(3, document.RootElement["tries"].GetInt64());
        var corrupt = Assert.Throws<PhpMessageCorruptedException>(() => queue.ReceiveDocument(document));
        Assert.Equal("i:7"u8.ToArray(), corrupt.RawMessage.Payload);
        Assert.False(queue.TryReceiveDocument(document, out _));
    }

    [Fact]
    public void AReceiveLoopIntoADocumentAllocatesNothingPerMessage()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using PhpDocument document = PhpDocument.Create();
        byte[] payload = PhpSerialization.Serialize(new PhpArray { ["id"] = 12, ["name"] = "job", ["tags"] = new PhpArray { [0] = "a", [1] = "b" } });
        long sum = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 50; i++) queue.SendRaw(1, payload);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 50; i++)
            {
                queue.ReceiveDocument(document);
                sum += document.RootElement["id"].GetInt64();
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round > 0) Assert.Equal(0, allocated); // the first round fills the pools
        }
        Assert.Equal(150 * 12, sum);
    }

    [Fact]
    public void CancellingABlockedBufferReceiveEndsItAndTakesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var buffer = new PhpMessageBuffer(64);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => queue.Receive(buffer, cancellationToken: cts.Token));
        Assert.InRange(watch.ElapsedMilliseconds, 100, 10_000);
        Assert.False(buffer.HasMessage);

        // A message sent afterwards is still there for the next receive.
        queue.SendRaw(2, "later"u8);
        Assert.Equal(5, queue.Receive(buffer, 0, PhpMessageReceiveFlags.NoWait));
        Assert.Equal(2, buffer.Type);
    }

    [Fact]
    public async Task ACancellableDocumentReceiveWakesForAMessageSentWhileItWaits()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using PhpDocument document = PhpDocument.Create();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sender = Task.Run(async () =>
        {
            await Task.Delay(100);
            queue.Send(6, new PhpArray { ["job"] = "resize" });
        });
        Assert.Equal(6, queue.ReceiveDocument(document, cancellationToken: cts.Token));
        Assert.Equal("resize", document.RootElement["job"].GetString());
        await sender;

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        queue.SendRaw(7, "i:1;"u8);
        Assert.ThrowsAny<OperationCanceledException>(() => queue.ReceiveDocument(document, cancellationToken: cancelled.Token));
        Assert.Equal(1, queue.Stat().MessageCount); // a token cancelled before the call takes nothing
    }

    [Fact]
    public void ACancellableReceiveOfQueuedMessagesAllocatesNothing()
    {
        using var keys = new IpcKeyScope();
        using var queue = PhpMessageQueue.Get(keys.NewKey());
        using var buffer = new PhpMessageBuffer(64);
        using PhpDocument document = PhpDocument.Create();
        using var cts = new CancellationTokenSource();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 20; i++) queue.SendRaw(1, "i:5;"u8);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) queue.Receive(buffer, cancellationToken: cts.Token);
            for (int i = 0; i < 10; i++) queue.ReceiveDocument(document, cancellationToken: cts.Token);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (round > 0) Assert.Equal(0, allocated); // the first round fills the pools
        }
    }
}
