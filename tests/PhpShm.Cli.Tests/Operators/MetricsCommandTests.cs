using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;
using Xunit.Abstractions;

namespace PhpShm.Cli.Tests.Operators;

/// <summary><c>phpshm metrics --listen</c>: a Prometheus scrape returns the queue depth and segment fill PHP produced.</summary>
public sealed class MetricsCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AScrapeReturnsTheQueueDepthPhpProduced()
    {
        using var keys = new IpcKeyScope();
        int queue = keys.NewKey(), segment = keys.NewKey();
        Php.Run($"$q = msg_get_queue({queue}, 0600); for ($i = 0; $i < 4; $i++) msg_send($q, 1, ['job' => $i]); $s = shm_attach({segment}, 5000, 0600); shm_put_var($s, 1, str_repeat('x', 1000));");
        int port = FreePort();
        using Process server = CliRunner.Start("metrics", "--listen", $"127.0.0.1:{port}", Php.Hex(queue), Php.Hex(segment));
        try
        {
            server.StandardInput.Close();
            Assert.StartsWith($"serving http://127.0.0.1:{port}/metrics", server.StandardOutput.ReadLine());
            using var http = new HttpClient();
            string text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            Assert.Equal(4, Gauge(text, "phpshm_queue_depth", $"messaging_destination_name=\"{Php.Hex(queue)}\""));
            long used = Gauge(text, "phpshm_segment_bytes_used_bytes", $"phpshm_segment_key=\"{Php.Hex(segment)}\"");
            long free = Gauge(text, "phpshm_segment_bytes_free_bytes", $"phpshm_segment_key=\"{Php.Hex(segment)}\"");
            Assert.Equal(5000, used + free);
            Assert.True(used > 1000);

            // PHP sends three more: a later scrape sees 7 (responses are cached for 300 ms).
            Php.Run($"$q = msg_get_queue({queue}); for ($i = 0; $i < 3; $i++) msg_send($q, 1, 'more');");
            long depth = 0;
            for (int i = 0; i < 40 && depth != 7; i++)
            {
                await Task.Delay(100);
                depth = Gauge(await http.GetStringAsync($"http://127.0.0.1:{port}/metrics"), "phpshm_queue_depth", $"messaging_destination_name=\"{Php.Hex(queue)}\"");
            }
            Assert.Equal(7, depth);
            output.WriteLine($"scrape of 127.0.0.1:{port}: phpshm_queue_depth 4, then 7 after PHP sent 3 more; segment used {used} + free {free}");

            Assert.True(ProcessLiveness.Signal(server.Id, 15));
            Assert.True(server.WaitForExit(10_000), "metrics did not stop on SIGTERM");
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited) server.Kill();
        }
    }

    [Fact]
    public void MetricsRefusesAKeyWithNothingUnderItAndABadAddress()
    {
        using var keys = new IpcKeyScope();
        Assert.Equal(1, CliRunner.Run("metrics", "--listen", $"127.0.0.1:{FreePort()}", Php.Hex(keys.NewKey())).ExitCode);
        Assert.Equal(2, CliRunner.Run("metrics", "--listen", "nowhere", Php.Hex(keys.NewKey())).ExitCode);
    }

    private static long Gauge(string scrape, string name, string label)
    {
        foreach (string line in scrape.Split('\n'))
        {
            Match m = Regex.Match(line, $@"^{name}\{{(?<labels>[^}}]*)\}} (?<value>[0-9.eE+-]+)");
            if (m.Success && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
                return (long)double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new Xunit.Sdk.XunitException($"no {name}{{{label}}} in the scrape:\n{scrape}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
