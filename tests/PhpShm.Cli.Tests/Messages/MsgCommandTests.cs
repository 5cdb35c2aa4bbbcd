using System.Text;
using System.Text.Json.Nodes;
using PhpShmCompat.TestSupport;

namespace PhpShm.Cli.Tests.Messages;

/// <summary>msg send/recv/stat against queues PHP creates, sends to and receives from.</summary>
public sealed class MsgCommandTests
{
    [Fact]
    public void SendSerializedJsonAndRawAreReceivedByPhp()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"msg_get_queue({key}, 0600);");

        Assert.Equal(0, CliRunner.RunText("a:1:{s:1:\"k\";d:0.5;}", "msg", "send", Php.Hex(key), "3").ExitCode);
        Assert.Equal(0, CliRunner.RunText("{\"list\":[1,\"two\"]}", "msg", "send", Php.Hex(key), "4", "--format", "json").ExitCode);
        Assert.Equal(0, CliRunner.Run(new byte[] { 0, 1, 0xFF, (byte)'z' }, "msg", "send", Php.Hex(key), "5", "--format", "raw").ExitCode);

        string received = Php.RunText($"""
            $q = msg_get_queue({key});
            msg_receive($q, 3, $t, 8192, $m); echo $t, ' ', serialize($m), "\n";
            msg_receive($q, 4, $t, 8192, $m); echo $t, ' ', serialize($m), "\n";
            msg_receive($q, 5, $t, 8192, $m, false); echo $t, ' ', bin2hex($m), "\n";
            """);
        Assert.Equal("3 a:1:{s:1:\"k\";d:0.5;}\n4 a:1:{s:4:\"list\";a:2:{i:0;i:1;i:1;s:3:\"two\";}}\n5 0001ff7a\n", received);
    }

    [Fact]
    public void SendOfMalformedInputIsExit2AndSendsNothing()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"msg_get_queue({key}, 0600);");
        Assert.Equal(2, CliRunner.RunText("s:99:\"x\";", "msg", "send", Php.Hex(key), "1").ExitCode);
        Assert.Equal(2, CliRunner.RunText("i:1;", "msg", "send", Php.Hex(key), "0").ExitCode);
        Assert.Equal("0", Php.RunText($"echo msg_stat_queue(msg_get_queue({key}))['msg_qnum'];"));
    }

    [Fact]
    public void RecvPrintsWhatPhpSentInEveryFormat()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"""
            $q = msg_get_queue({key}, 0600);
            $o = new stdClass; $o->id = 7;
            msg_send($q, 1, ['job' => 'resize', 'obj' => $o, 'f' => 2.5]);
            msg_send($q, 2, ['job' => 'resize', 'obj' => $o, 'f' => 2.5]);
            msg_send($q, 3, ['job' => 'resize', 'obj' => $o, 'f' => 2.5]);
            msg_send($q, 4, 'plain text', false);
            msg_send($q, 9, 'last');
            """);
        byte[] serialized = Php.Run("$o = new stdClass; $o->id = 7; echo serialize(['job' => 'resize', 'obj' => $o, 'f' => 2.5]);");

        CliResult json = CliRunner.Run("msg", "recv", Php.Hex(key), "--type", "1");
        Assert.True(json.ExitCode == 0, json.ToString());
        JsonNode doc = JsonNode.Parse(json.StdoutText)!;
        Assert.Equal(1, (long)doc["type"]!);
        Assert.Equal("resize", (string)doc["value"]!["job"]!);
        Assert.Equal(7, (int)doc["value"]!["obj"]!["properties"]!["id"]!);

        CliResult php = CliRunner.Run("msg", "recv", Php.Hex(key), "--type", "2", "--format", "php");
        Assert.Equal(Encoding.UTF8.GetString(Php.VarDump(serialized)), php.StdoutText);

        CliResult ser = CliRunner.Run("msg", "recv", Php.Hex(key), "--type", "3", "--format", "serialized");
        Assert.Equal(serialized, ser.Stdout);

        CliResult raw = CliRunner.Run("msg", "recv", Php.Hex(key), "--format", "raw");
        Assert.Equal("plain text", raw.StdoutText);

        CliResult last = CliRunner.Run("msg", "recv", Php.Hex(key), "--nowait");
        Assert.Equal("last", (string)JsonNode.Parse(last.StdoutText)!["value"]!);

        CliResult empty = CliRunner.Run("msg", "recv", Php.Hex(key), "--nowait");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("no matching message", empty.Stderr);
    }

    [Fact]
    public void RecvOfAnUnserializedPayloadIsExit3AndShowsTheRawBytes()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"msg_send(msg_get_queue({key}, 0600), 6, 'not serialized', false);");
        CliResult r = CliRunner.Run("msg", "recv", Php.Hex(key), "--nowait");
        Assert.Equal(3, r.ExitCode);
        Assert.Equal("not serialized", (string)JsonNode.Parse(r.StdoutText)!["raw"]!);
        Assert.Contains("--format raw", r.Stderr);
    }

    [Fact]
    public void RecvBlocksUntilPhpSends()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        Php.Run($"msg_get_queue({key}, 0600);");
        using var recv = CliRunner.Start("msg", "recv", Php.Hex(key), "--format", "raw");
        Thread.Sleep(700);
        Assert.False(recv.HasExited);
        Php.Run($"msg_send(msg_get_queue({key}), 1, 'wake', false);");
        Assert.True(recv.WaitForExit(20_000));
        Assert.Equal(0, recv.ExitCode);
        Assert.Equal("wake", recv.StandardOutput.ReadToEnd());
    }

    [Fact]
    public void StatShowsMsgStatQueueFieldsAndMissingQueuesAreExit1()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        JsonNode php = JsonNode.Parse(Php.RunText($"""
            $q = msg_get_queue({key}, 0640); msg_send($q, 1, 'a'); msg_send($q, 1, 'bb');
            echo json_encode(msg_stat_queue($q));
            """))!;
        CliResult r = CliRunner.Run("msg", "stat", Php.Hex(key), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonNode ours = JsonNode.Parse(r.StdoutText)!;
        foreach (string field in new[] { "msg_perm.uid", "msg_perm.gid", "msg_perm.mode", "msg_stime", "msg_rtime", "msg_ctime", "msg_qnum", "msg_qbytes", "msg_lspid", "msg_lrpid" })
            Assert.True((long)php[field]! == (long)ours[field]!, $"{field}: php {php[field]} phpshm {ours[field]}");
        Assert.Equal(Environment.UserName, (string)ours["owner"]!);

        CliResult table = CliRunner.Run("msg", "stat", Php.Hex(key));
        Assert.Contains("msg_qnum", table.StdoutText);

        int missing = keys.NewKey();
        Assert.Equal(1, CliRunner.Run("msg", "stat", Php.Hex(missing)).ExitCode);
        Assert.Equal(1, CliRunner.Run("msg", "recv", Php.Hex(missing), "--nowait").ExitCode);
        Assert.False(IpcKeyScope.InUse(missing));
    }
}
