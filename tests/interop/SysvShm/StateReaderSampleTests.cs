using PhpShmCompat.TestSupport;
using StateReader;

namespace PhpShmCompat.InteropTests.SysvShm;

/// <summary>The reads of samples/StateReader against the state and jobs a PHP worker writes.</summary>
public sealed class StateReaderSampleTests
{
    [Fact]
    public void TheSampleReadsWhatAPhpWorkerWroteAndAllocatesNothingPerRead()
    {
        using var keys = new IpcKeyScope();
        int key = keys.NewKey();
        // PHP keeps its state in var 0, one record per worker, and queues three jobs; it prints
        // what the reader must find.
        string expected = PhpRunner.RunCode($$"""
            $shm = shm_attach({{key}}, 1 << 20, 0600);
            $q = msg_get_queue({{key}}, 0600);
            $recent = [];
            for ($i = 0; $i < 300; $i++) $recent[] = ['id' => $i, 'file' => "image$i.png", 'ok' => $i % 3 != 0];
            shm_put_var($shm, 0, ['started' => time(), 'jobs_done' => 98765, 'recent' => $recent]);
            $load = 0.0;
            for ($w = 1; $w <= 12; $w++) { $l = $w * 0.07; $load += $l; shm_put_var($shm, $w, ['worker' => "w$w", 'load' => $l, 'pid' => 1000 + $w]); }
            shm_put_var($shm, 99, 'not a worker');
            foreach ([7, 8, 9] as $id) msg_send($q, 1, ['id' => $id, 'job' => 'resize']);
            echo serialize([98765, 12, $load, [7, 8, 9]]);
            """).EnsureSuccess().StdoutText;

        using var shm = PhpSharedMemory.Open(key, readOnly: true);
        using var queue = PhpMessageQueue.Get(key);
        (long jobsDone, long allocated) = StateReads.PollJobsDone(shm, 0, reads: 200);
        (int workers, double load) = StateReads.SumWorkerLoad(shm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        List<long> ids = StateReads.ReceiveJobIds(queue, 3, timeout.Token);

        // The same four answers, written as PHP's serialize() writes them (the float exactly).
        var found = new PhpSerializer.PhpArray { jobsDone, (long)workers, load, new PhpSerializer.PhpArray { ids[0], ids[1], ids[2] } };
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(PhpSerializer.PhpSerialization.Serialize(found)));
        Assert.Equal(0, allocated);
        Assert.Equal(0, queue.Stat().MessageCount);
    }
}
