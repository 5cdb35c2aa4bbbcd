using System.Globalization;
using PhpShmCompat.InteropTests.Semaphores;
using PhpShmCompat.TestSupport;
using static PhpShmCompat.InteropTests.MessageQueues.PhpQueueScripts;

namespace PhpShmCompat.InteropTests.Locking;

/// <summary>
/// AcquireAsync and ReceiveAsync do not burn a core while they wait. The wait runs in an IpcWorker
/// process and its CPU time is read from <c>/proc</c>, so parallel tests in this process do not count.
/// A spinning wait would use about the whole window (700 ms); the limit is 150 ms.
/// </summary>
[Collection(SemMsgCollection.Name)]
public class NoBusyWaitTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(700);
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(150);

    private static TimeSpan CpuWhileIdle(ChildProcess worker)
    {
        Thread.Sleep(300); // let start-up work (JIT tiering) settle
        TimeSpan before = worker.CpuTime;
        Thread.Sleep(Window);
        return worker.CpuTime - before;
    }

    [Fact]
    public void AcquireAsyncSleepsWhilePhpHoldsTheLock()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var php = new PhpSemDriver(key);
        php.Run("get p 1");
        php.Run("acquire p");
        using var worker = ChildProcess.Worker("sem-wait", key.ToString(CultureInfo.InvariantCulture));
        worker.Expect("waiting");
        TimeSpan cpu = CpuWhileIdle(worker);
        Assert.True(cpu < Limit, $"the waiting process used {cpu.TotalMilliseconds} ms of CPU in {Window.TotalMilliseconds} ms");
        Assert.Equal("ok", php.Run("release p"));
        worker.Expect("acquired");
        Assert.Equal(0, worker.WaitForExit());
    }

    [Fact]
    public void ReceiveAsyncSleepsOnAnEmptyQueueAndCancelsCleanly()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewTrackedKey();
        using var queue = PhpMessageQueue.Get(key);
        using (var worker = ChildProcess.Worker("msg-wait", key.ToString(CultureInfo.InvariantCulture), "9"))
        {
            worker.Expect("waiting");
            TimeSpan cpu = CpuWhileIdle(worker);
            Assert.True(cpu < Limit, $"the waiting process used {cpu.TotalMilliseconds} ms of CPU in {Window.TotalMilliseconds} ms");
            SendRaw(key, (9, Hex("wake")));
            Assert.Equal($"got 9 {Hex("wake").ToUpperInvariant()}", worker.ReadLine());
            Assert.Equal(0, worker.WaitForExit());
        }
        using (var worker = ChildProcess.Worker("msg-wait", key.ToString(CultureInfo.InvariantCulture), "9"))
        {
            worker.Expect("waiting");
            worker.WriteLine("cancel");
            worker.Expect("cancelled");
            Assert.Equal(0, worker.WaitForExit());
        }
        queue.SendRaw(9, "kept"u8); // a cancelled receiver took nothing
        Assert.Equal("kept", queue.Receive(9, PhpMessageReceiveFlags.NoWait).GetString());
    }
}
