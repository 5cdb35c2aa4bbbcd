using System.CommandLine;
using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using PhpShmCompat;
using PhpShmCompat.Hosting;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm metrics --listen HOST:PORT KEY...</c>: serves the library's meter
/// (<see cref="PhpShmMetrics"/>: queue depth, segment bytes used and free) for every segment and
/// queue under the keys, in Prometheus text format at <c>/metrics</c>, through OpenTelemetry's
/// Prometheus exporter, until Ctrl-C or SIGTERM.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var listen = new Option<string>("--listen") { Description = "Address to serve /metrics on, HOST:PORT (for example 127.0.0.1:9464)", Required = true };
        var keys = new Argument<string[]>("KEY") { Description = "Keys of the segments and queues to report (each key: whatever exists under it)", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("metrics", "Serve queue depth and segment fill in Prometheus text format (OpenTelemetry exporter)") { listen, keys };
        cmd.SetAction(pr => GlobalOptions.Execute(o => Run(o, ParseListen(pr.GetValue(listen)!), pr.GetValue(keys)!.Select(KeyParser.ParseObjectKey).ToList())));
        return cmd;
    }

    private static (string Host, int Port) ParseListen(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), out ushort port) || port == 0)
            throw CliException.BadInput($"--listen '{text}' is not HOST:PORT");
        string host = text[..colon];
        if (host != "localhost" && host != "*" && host != "+" && !IPAddress.TryParse(host.Trim('[', ']'), out _))
            throw CliException.BadInput($"--listen host '{host}' is not an IP address, localhost, * or +");
        return (host, port);
    }

    private static int Run(Output o, (string Host, int Port) listen, List<int> keys)
    {
        using ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var metrics = new PhpShmMetrics(services.GetRequiredService<IMeterFactory>());
        var tracked = new List<IDisposable>();
        try
        {
            foreach (int key in keys)
            {
                bool any = false;
                if (PhpMessageQueue.Exists(key))
                {
                    PhpMessageQueue q = PhpMessageQueue.Get(key, IpcPermissions.None);
                    tracked.Add(q);
                    tracked.Add(metrics.TrackQueue(q));
                    any = true;
                }
                PhpSharedMemory? segment = TryOpenSegment(key);
                if (segment is not null)
                {
                    tracked.Add(segment);
                    tracked.Add(metrics.TrackSegment(segment));
                    any = true;
                }
                if (!any) throw CliException.NotFound($"no segment or queue with key {KeyParser.Hex(key)}");
            }

            using MeterProvider provider = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService("phpshm"))
                .AddMeter(PhpShmMetrics.MeterName)
                .AddPrometheusHttpListener(options =>
                {
                    options.Host = listen.Host;
                    options.Port = listen.Port;
                })
                .Build();
            using var stop = new ManualResetEventSlim();
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
            o.Text.WriteLine($"serving http://{listen.Host}:{listen.Port}/metrics for {keys.Count} key(s); Ctrl-C stops");
            o.Text.Flush();
            stop.Wait();
            return ExitCodes.Ok;
        }
        finally
        {
            for (int i = tracked.Count - 1; i >= 0; i--) tracked[i].Dispose();
        }
    }

    private static PhpSharedMemory? TryOpenSegment(int key)
    {
        try { return PhpSharedMemory.Open(key, readOnly: true, Segments.Options); }
        catch (PhpIpcNotFoundException) { return null; }
    }
}
