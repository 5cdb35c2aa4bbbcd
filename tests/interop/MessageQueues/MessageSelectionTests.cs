using PhpShmCompat.InteropTests.Locking;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>Messages both ways, selection by 0 / positive / negative type and Except.</summary>
[Collection(SemMsgCollection.Name)]
public class MessageSelectionTests
{
    private static readonly (long, string)[] Messages =
        [(3, Hex("m0")), (1, Hex("m1")), (2, Hex("m2")), (3, Hex("m3")), (1, Hex("m4")), (5, Hex("m5")), (4, Hex("")), (2, "00ff0a")];

    // desired type, PHP flags (4 = MSG_EXCEPT), in this order; the last step finds the queue empty (1 = NOWAIT).
    private static readonly (long Desired, int Flags)[] Steps =
        [(0, 0), (2, 0), (-2, 0), (3, 4), (-10, 0), (4, 0), (1, 4), (0, 0), (0, 1)];

    [Fact]
    public void CSharpSelectsPhpMessagesExactlyAsPhpDoes()
    {
        using var keys = new IpcKeyScope();
        int phpKey = keys.NewTrackedKey(), csKey = keys.NewTrackedKey();
        SendRaw(phpKey, Messages);
        SendRaw(csKey, Messages);

        string[] php = Receive(phpKey, Steps.Select(s => (s.Desired, s.Flags, 100)).ToArray());
        using var queue = PhpMessageQueue.Get(csKey);
        var mine = new List<string>();
        foreach (var (desired, flags) in Steps)
        {
            if (queue.TryReceive(desired, out PhpMessage? m, (PhpMessageReceiveFlags)flags & ~PhpMessageReceiveFlags.NoWait, 100)) mine.Add(Line(m));
            else mine.Add("err 42");
        }
        Assert.Equal(php, mine);
        // Hand-checked against the kernel's rules, so the comparison cannot pass by both being empty.
        Assert.Equal(["3 6d30", "2 6d32", "1 6d31", "1 6d34", "2 00ff0a", "4 ", "3 6d33", "5 6d35", "err 42"], mine);
    }

    [Fact]
    public void PhpReceivesCSharpMessagesOfSeveralTypes()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using (var queue = PhpMessageQueue.Get(key))
        {
            queue.SendRaw(7, "seven"u8);
            queue.SendScalar(2, 42L);
            queue.SendRaw(9, [0, 1, 2, 255]);
            queue.SendScalar(2, true);
            queue.SendScalar(1, 1.5);
            queue.SendScalar(8, "héllo");
        }
        string[] php = Receive(key, (2, 0, 100), (-5, 0, 100), (2, 4, 100), (0, 0, 100), (2, 0, 100), (0, 0, 100), (0, 1, 100));
        Assert.Equal(
            [$"2 {Hex("42")}", $"1 {Hex("1.500000")}", $"7 {Hex("seven")}", "9 000102ff", $"2 {Hex("1")}", $"8 {Hex("héllo")}", "err 42"],
            php);
    }

    [Fact]
    public void SerializedPayloadsCrossUnchangedBothWays()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        string value = "['a' => 1, 'b' => [true, null, 1.5, 'x\\0y'], 7 => -3]";
        byte[] serialized = PhpRunner.RunCode($"echo serialize({value});").EnsureSuccess().Stdout;

        // PHP -> C#: msg_send serializes by default; C# sees exactly serialize()'s bytes.
        PhpRunner.RunCode($"msg_send(msg_get_queue({key}, 0600), 12, {value});").EnsureSuccess();
        using var queue = PhpMessageQueue.Get(key);
        PhpMessage m = queue.Receive(12);
        Assert.Equal(serialized, m.Payload);

        // C# -> PHP: the same bytes unserialize in msg_receive to the same value.
        queue.SendRaw(13, serialized);
        var r = PhpRunner.RunCode($"msg_receive(msg_get_queue({key}, 0600), 13, $t, 1000, $v); var_dump($v === {value});").EnsureSuccess();
        Assert.Equal("bool(true)\n", r.StdoutText);
    }
}
