using System.Globalization;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.MessageQueues;

/// <summary>Small PHP programs on a queue, run by the real php binary.</summary>
public static class PhpQueueScripts
{
    /// <summary>Sends raw (serialize = false) payloads given as (type, hex) pairs.</summary>
    public static void SendRaw(int key, params (long Type, string Hex)[] messages)
    {
        string list = string.Join(",", messages.Select(m => $"[{m.Type},'{m.Hex}']"));
        PhpRunner.RunCode($"$q = msg_get_queue({key}, 0600); foreach ([{list}] as [$t, $h]) if (!msg_send($q, $t, hex2bin($h), false)) exit(1);").EnsureSuccess();
    }

    /// <summary>
    /// Runs msg_receive once per (desired, flags, maxsize) step with unserialize = false; returns one
    /// line per step: "TYPE HEX" or "err ERRORCODE".
    /// </summary>
    public static string[] Receive(int key, params (long Desired, int Flags, int MaxSize)[] steps)
    {
        string list = string.Join(",", steps.Select(s => $"[{s.Desired},{s.Flags},{s.MaxSize}]"));
        string code = $$"""
            $q = msg_get_queue({{key}}, 0600);
            foreach ([{{list}}] as [$d, $f, $max]) {
                if (@msg_receive($q, $d, $type, $max, $msg, false, $f, $err)) echo $type, ' ', bin2hex($msg), "\n";
                else echo 'err ', $err, "\n";
            }
            """;
        return PhpRunner.RunCode(code).EnsureSuccess().StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>msg_stat_queue as "name=value" lines in PHP's order.</summary>
    public static string Stat(int key)
        => PhpRunner.RunCode($"foreach (msg_stat_queue(msg_get_queue({key}, 0600)) as $k => $v) echo $k, '=', $v, \"\\n\";").EnsureSuccess().StdoutText;

    /// <summary>Formats a received C# message like <see cref="Receive"/> does.</summary>
    public static string Line(PhpMessage m) => m.Type.ToString(CultureInfo.InvariantCulture) + " " + Convert.ToHexString(m.Payload).ToLowerInvariant();

    /// <summary>Lower-case hex of UTF-8 text.</summary>
    public static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text)).ToLowerInvariant();
}
