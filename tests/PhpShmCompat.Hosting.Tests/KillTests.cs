using System.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.Hosting.Tests;

/// <summary>
/// What <c>kill -9</c> of a .NET process running a processor costs: exactly the messages its
/// handlers held (System V queues have no acknowledgement); every other message stays queued.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class KillTests
{
    [Fact]
    public async Task KillMinus9LosesOnlyTheMessagesTheHandlersHeld()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        using var queue = PhpMessageQueue.Get(key);
        for (int i = 0; i < 10; i++) queue.SendRaw(1, [(byte)i]);

        var psi = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "IpcWorker.dll"));
        psi.ArgumentList.Add("processor-hold");
        psi.ArgumentList.Add(IpcKeyParser.Format(key));
        psi.ArgumentList.Add("3");
        using Process worker = Process.Start(psi)!;
        var held = new List<byte>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (held.Count < 3)
            {
                string? line = await worker.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                if (line.StartsWith("holding ", StringComparison.Ordinal)) held.Add(Convert.FromHexString(line[8..])[0]);
            }
        }
        worker.Kill(); // SIGKILL
        await worker.WaitForExitAsync();

        var left = new List<byte>();
        while (queue.TryReceive(0, out PhpMessage? m)) left.Add(m.Payload[0]);
        Assert.Equal(7, left.Count); // no more than MaxConcurrentHandlers (3) were ever out of the queue
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), left.Concat(held).Order());
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        string? self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
