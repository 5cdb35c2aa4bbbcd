using PhpSerializer;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShmCompat.InteropTests.Containers;

/// <summary>
/// A message sent from C# on the host is received by PHP in the container
/// (<c>msg_receive</c>) and answered back (<c>msg_send</c>) to C#.
/// </summary>
[Collection(PhpContainerCollection.Name)]
public sealed class MessageQueueContainerTests(PhpContainerPool pool, ITestOutputHelper output)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4"), PhpImage("8.2-i386")]
    public async Task SerializedMessageFromCSharpIsAnsweredByPhpInTheContainer(string version)
    {
        var php = await pool.GetAsync(version, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var queue = PhpMessageQueue.Get(key);

        var request = new PhpArray();
        request.Add("n", 21L);
        request.Add("text", "h\u00e9llo \u2603");
        request.Add("bytes", new byte[] { 0, 0xff, (byte)'"', (byte)';' });
        request.Add("list", PhpArray.List(1.5, PhpNull.Instance, true, new PhpObject("stdClass")));
        byte[] sent = PhpSerialization.Serialize(request);
        queue.SendRaw(1, sent);

        // PHP takes type 1 (unserialize = true), checks it and answers with type 2.
        string code = $$"""
            $q = msg_get_queue({{key}});
            if (!msg_receive($q, 1, $type, 8192, $msg, true, 0, $err)) { fwrite(STDERR, "msg_receive failed: $err\n"); exit(2); }
            $reply = ['type' => $type, 'echo' => $msg, 'n2' => $msg['n'] * 2, 'len' => strlen($msg['bytes']), 'php' => PHP_VERSION];
            if (!msg_send($q, 2, $reply, true, true, $err)) { fwrite(STDERR, "msg_send failed: $err\n"); exit(3); }
            echo bin2hex(serialize($msg));
            """;
        var result = (await php.ExecPhpAsync(code)).EnsureSuccess();
        Assert.Equal("", result.Stderr);
        Assert.Equal(Convert.ToHexStringLower(sent), result.Stdout); // PHP got exactly what C# sent

        using var cts = new CancellationTokenSource(ReplyTimeout);
        PhpMessage answer = await queue.ReceiveAsync(2, cancellationToken: cts.Token);
        Assert.Equal(2, answer.Type);
        var reply = Assert.IsType<PhpArray>(PhpSerialization.Unserialize(answer.Payload));
        Assert.Equal(1, Assert.IsType<PhpInt>(reply["type"]).Value);
        Assert.Equal(42, Assert.IsType<PhpInt>(reply["n2"]).Value);
        Assert.Equal(4, Assert.IsType<PhpInt>(reply["len"]).Value);
        Assert.Equal(php.PhpVersion, Assert.IsType<PhpString>(reply["php"]).ToUtf8String());
        Assert.Equal(sent, PhpSerialization.Serialize(reply["echo"]));
        Assert.False(queue.TryReceive(0, out _), "the queue should be empty after the exchange");
        output.WriteLine($"C# sent {sent.Length} bytes; PHP {php.PhpVersion} answered {answer.Payload.Length} bytes: {reply}");
    }

    [DockerTheory]
    [PhpImage("7.4"), PhpImage("8.2"), PhpImage("8.4"), PhpImage("8.2-i386")]
    public async Task PlainMessagesCrossBothWaysWithoutSerialization(string version)
    {
        var php = await pool.GetAsync(version, output);
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var queue = PhpMessageQueue.Get(key);
        queue.SendScalar(5, "plain \u2603 text");
        queue.SendScalar(6, 1.5);

        // serialize = false both ways; PHP answers with the text reversed byte-wise and the float text.
        string code = $$"""
            $q = msg_get_queue({{key}});
            msg_receive($q, 5, $t1, 8192, $text, false) || exit(2);
            msg_receive($q, 6, $t2, 8192, $float, false) || exit(3);
            msg_send($q, 7, strrev($text) . '|' . $float, false) || exit(4);
            msg_send($q, 8, 2.25, false) || exit(5);
            """;
        (await php.ExecPhpAsync(code)).EnsureSuccess();

        using var cts = new CancellationTokenSource(ReplyTimeout);
        PhpMessage first = await queue.ReceiveAsync(7, cancellationToken: cts.Token);
        PhpMessage second = await queue.ReceiveAsync(8, cancellationToken: cts.Token);
        byte[] text = "plain \u2603 text"u8.ToArray();
        Array.Reverse(text);
        Assert.Equal([.. text, .. "|1.500000"u8], first.Payload); // %F formatting, as PHP sends floats
        Assert.Equal("2.250000", second.GetString());
    }
}
