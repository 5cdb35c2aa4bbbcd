using System.CommandLine;
using System.Globalization;
using PhpSerializer;
using PhpShm.Cli.SysV;
using PhpShm.Cli.Values;
using PhpShmCompat;
using Spectre.Console;

namespace PhpShm.Cli.Commands;

/// <summary><c>phpshm msg send|recv|stat</c>: PHP's <c>msg_send</c>, <c>msg_receive</c>, <c>msg_stat_queue</c>.</summary>
internal static class MsgCommands
{
    public static Command Create(GlobalOptions g)
    {
        var msg = new Command("msg", "Send, receive and inspect messages of a System V queue (PHP's msg_* functions)");
        msg.Subcommands.Add(Send(g));
        msg.Subcommands.Add(Receive(g));
        msg.Subcommands.Add(Stat(g));
        return msg;
    }

    private static Command Send(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var type = new Argument<long>("TYPE") { Description = "Message type (mtype), > 0" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "serialized: validated PHP serialize() data (msg_send default); json: JSON mapped to PHP values, then serialized; raw: the bytes as they are (msg_send with serialize=false)",
            DefaultValueFactory = _ => "serialized",
        };
        format.AcceptOnlyFromAmong("serialized", "json", "raw");
        var mode = GlobalOptions.ModeOption("a queue");
        var nowait = new Option<bool>("--nowait") { Description = "Fail (exit 4) instead of waiting when the queue is full" };
        var cmd = new Command("send", "Send stdin as one message (creates the queue if missing, as msg_get_queue)") { key, type, format, mode, nowait };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            long t = pr.GetValue(type);
            if (t <= 0) throw CliException.BadInput($"message TYPE must be greater than 0, not {t}");
            IpcPermissions perms = GlobalOptions.ParseMode(pr.GetValue(mode)!);
            string f = pr.GetValue(format)!;
            byte[] input = StdinReader.ReadAll(Console.OpenStandardInput());
            byte[] payload = f == "raw" ? input : PhpSerialization.Serialize(InputValue.Parse(input, f));
            if (payload.Length > PhpMessageQueue.MaxMessageSize)
                throw CliException.BadInput($"the message payload is {payload.Length} bytes, over the kernel's msgmax of {PhpMessageQueue.MaxMessageSize}");
            using var queue = PhpMessageQueue.Get(k, perms);
            queue.SendRaw(t, payload, blocking: !pr.GetValue(nowait));
            if (pr.GetValue(g.Json))
            {
                o.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("key", k);
                    w.WriteString("keyHex", KeyParser.Hex(k));
                    w.WriteNumber("type", t);
                    w.WriteNumber("length", payload.Length);
                    w.WriteEndObject();
                });
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Receive(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var type = new Option<long>("--type", "-t") { Description = "Desired type: 0 any (default), > 0 that type, < 0 the lowest type <= |N| (msg_receive's $desired_message_type)", DefaultValueFactory = _ => 0 };
        var nowait = new Option<bool>("--nowait") { Description = "Do not wait: exit 1 when no matching message is queued" };
        var except = new Option<bool>("--except") { Description = "With --type N > 0: take the first message of any other type (MSG_EXCEPT)" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "json: {type, value}; php: like var_dump(); serialized: the value re-serialized by the library; raw: the payload bytes as they are",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "php", "serialized", "raw");
        var cmd = new Command("recv", "Receive (and remove) one message and print it") { key, type, nowait, except, format };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            string f = pr.GetValue(g.Json) ? "json" : pr.GetValue(format)!;
            var flags = (pr.GetValue(nowait) ? PhpMessageReceiveFlags.NoWait : 0) | (pr.GetValue(except) ? PhpMessageReceiveFlags.Except : 0);
            using var queue = OpenExisting(k);
            PhpMessage message;
            try
            {
                message = queue.Receive(pr.GetValue(type), flags);
            }
            catch (PhpMessageQueueEmptyException)
            {
                throw CliException.NotFound($"no matching message in queue {KeyParser.Hex(k)}");
            }
            return Print(o, k, message, f);
        }));
        return cmd;
    }

    private static int Print(Output o, int key, PhpMessage message, string format)
    {
        if (format == "raw")
        {
            o.WriteBytes(message.Payload);
            return ExitCodes.Ok;
        }
        Segments.Variable decoded = Segments.Decode(message.Type, message.Payload);
        if (decoded.Error is not null)
        {
            if (format == "json")
            {
                o.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("type", message.Type);
                    w.WriteNull("value");
                    w.WritePropertyName("raw");
                    PhpValueJson.WriteBytes(w, message.Payload);
                    w.WriteEndObject();
                });
            }
            throw CliException.Corrupt($"the type {message.Type} message from queue {KeyParser.Hex(key)} ({message.Payload.Length} bytes, now removed from the queue) is not PHP serialize() data: {decoded.Error.Message}; use --format raw for unserialized payloads");
        }
        if (format == "json")
        {
            o.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("type", message.Type);
                w.WritePropertyName("value");
                PhpValueJson.Write(w, decoded.Value!);
                w.WriteEndObject();
            });
        }
        else
        {
            GetCommand.WriteValue(o, decoded.Value!, format);
        }
        return ExitCodes.Ok;
    }

    private static Command Stat(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var cmd = new Command("stat", "Show msg_stat_queue()'s fields of a queue") { key };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int k = KeyParser.ParseObjectKey(pr.GetValue(key)!);
            using var queue = OpenExisting(k);
            PhpMessageQueueStat stat = queue.Stat();
            var users = UserDirectory.Load();
            if (pr.GetValue(g.Json))
            {
                o.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("key", k);
                    w.WriteString("keyHex", KeyParser.Hex(k));
                    w.WriteNumber("id", queue.QueueId);
                    foreach (var (name, value) in stat.ToPhpFields()) w.WriteNumber(name, value);
                    w.WriteString("owner", users.UserName(stat.Uid));
                    w.WriteString("group", users.GroupName(stat.Gid));
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            var t = new Table { Border = o.Border, Title = new TableTitle($"queue {KeyParser.Hex(k)} (id {queue.QueueId})") };
            t.AddColumn("FIELD");
            t.AddColumn("VALUE");
            foreach (var (name, value) in stat.ToPhpFields())
            {
                string text = name switch
                {
                    "msg_perm.uid" => $"{value} ({users.UserName(value)})",
                    "msg_perm.gid" => $"{value} ({users.GroupName(value)})",
                    "msg_perm.mode" => "0" + Convert.ToString(value & 0x1FF, 8).PadLeft(3, '0'),
                    "msg_stime" or "msg_rtime" or "msg_ctime" => value == 0 ? "0 (never)" : $"{value} ({DateTimeOffset.FromUnixTimeSeconds(value).UtcDateTime.ToString("u", CultureInfo.InvariantCulture)})",
                    _ => value.ToString(CultureInfo.InvariantCulture),
                };
                t.AddRow(new Text(name), new Text(text));
            }
            o.Console.Write(t);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    /// <summary>Opens a queue that must exist (reading commands never create one).</summary>
    private static PhpMessageQueue OpenExisting(int key)
    {
        if (!PhpMessageQueue.Exists(key)) throw CliException.NotFound($"no message queue with key {KeyParser.Hex(key)}");
        return PhpMessageQueue.Get(key, IpcPermissions.None);
    }
}
