using System.CommandLine;
using PhpShm.Cli.Watch;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace PhpShm.Cli.Commands;

/// <summary>
/// <c>phpshm watch KEY</c> (a segment) or <c>phpshm watch --queue KEY</c>: redraws in place on a
/// terminal (Spectre.Console's live display) every interval: variables with size, a short value
/// and what changed, the fill as a bar; or queue depth, its rate, bytes. <c>--once</c> draws one
/// refresh; <c>--json</c> writes one JSON line per refresh, for pipes.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(GlobalOptions g)
    {
        var key = GlobalOptions.KeyArgument();
        var queue = new Option<bool>("--queue") { Description = "Watch a message queue instead of a sysvshm segment" };
        var interval = new Option<int>("--interval") { Description = "Milliseconds between refreshes (default 1000)", DefaultValueFactory = _ => 1000 };
        var once = new Option<bool>("--once") { Description = "Draw one refresh and exit" };
        var count = new Option<int?>("--count") { Description = "Exit after this many refreshes" };
        var cmd = new Command("watch", "Redraw a segment's variables and fill, or a queue's depth and rate, until q or Ctrl-C") { key, queue, interval, once, count };
        cmd.SetAction(pr => GlobalOptions.Execute(o =>
        {
            int ms = pr.GetValue(interval);
            if (ms < 50) throw CliException.BadInput("--interval must be at least 50 ms");
            int? n = pr.GetValue(once) ? 1 : pr.GetValue(count);
            if (n is < 1) throw CliException.BadInput("--count must be at least 1");
            return Run(o, KeyParser.ParseObjectKey(pr.GetValue(key)!), pr.GetValue(queue), TimeSpan.FromMilliseconds(ms), n, pr.GetValue(g.Json));
        }));
        return cmd;
    }

    private static int Run(Output o, int key, bool queue, TimeSpan interval, int? count, bool json)
    {
        using var stop = new CancellationTokenSource();
        o.AutoFlush = true; // every refresh reaches the terminal or the pipe at once
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (!Console.IsInputRedirected) _ = Task.Run(() => WaitForQuitKey(stop));
            // The first refresh fails loudly (a missing object is exit 1); later ones redraw what is there.
            object snapshot = Take(key, queue, null);
            if (json)
            {
                for (int i = 1; ; i++)
                {
                    o.WriteJsonLine(w => WriteJson(w, snapshot));
                    if (i == count || !Wait(interval, stop.Token)) return ExitCodes.Ok;
                    snapshot = Take(key, queue, snapshot);
                }
            }
            if (count == 1 || System.Console.IsOutputRedirected)
            {
                for (int i = 1; ; i++)
                {
                    o.Console.Write(Render(snapshot, o.Border, interval));
                    if (i == count || !Wait(interval, stop.Token)) return ExitCodes.Ok;
                    snapshot = Take(key, queue, snapshot);
                }
            }
            o.Console.Live(Render(snapshot, o.Border, interval)).AutoClear(false).Start(ctx =>
            {
                for (int i = 1; i != count && Wait(interval, stop.Token); i++)
                {
                    snapshot = Take(key, queue, snapshot);
                    ctx.UpdateTarget(Render(snapshot, o.Border, interval));
                    ctx.Refresh();
                }
            });
            return ExitCodes.Ok;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            stop.Cancel();
        }
    }

    private static object Take(int key, bool queue, object? previous)
        => queue ? QueueSnapshot.Take(key, previous as QueueSnapshot) : SegmentSnapshot.Take(key, previous as SegmentSnapshot);

    private static IRenderable Render(object snapshot, TableBorder border, TimeSpan interval) => snapshot switch
    {
        QueueSnapshot q => WatchRendering.Queue(q, border, interval),
        SegmentSnapshot s => WatchRendering.Segment(s, border, interval),
        _ => throw new InvalidOperationException("unknown snapshot"),
    };

    private static void WriteJson(System.Text.Json.Utf8JsonWriter w, object snapshot)
    {
        if (snapshot is QueueSnapshot q) WatchRendering.QueueJson(w, q);
        else WatchRendering.SegmentJson(w, (SegmentSnapshot)snapshot);
    }

    /// <summary>Sleeps one interval; false when watching should stop.</summary>
    private static bool Wait(TimeSpan interval, CancellationToken token) => !token.WaitHandle.WaitOne(interval);

    private static void WaitForQuitKey(CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                ConsoleKeyInfo k = Console.ReadKey(intercept: true);
                if (k.KeyChar is 'q' or 'Q' || k.Key == ConsoleKey.Escape) stop.Cancel();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            // No console to read keys from (or watching already ended): Ctrl-C still stops.
        }
    }
}
