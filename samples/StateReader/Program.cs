// Reading PHP's state through documents: run beside PHP workers that keep their state in a
// sysvshm segment and take jobs from a queue (same key), or alone, where this program plays PHP's
// part first:
//   dotnet run --project samples/StateReader [HEX_KEY]
using PhpSerializer;
using PhpShmCompat;
using StateReader;

int key = args.Length > 0 ? Convert.ToInt32(args[0], 16) : 0x5A57A7E0;
bool alone = args.Length == 0;

using var shm = PhpSharedMemory.Attach(key, size: 1 << 20, IpcPermissions.OwnerOnly);
using var queue = PhpMessageQueue.Get(key, IpcPermissions.OwnerOnly);
try
{
    if (alone)
    {
        // What PHP workers would have written: shm_put_var($shm, 0, $state), one record per
        // worker, and msg_send($queue, 1, $job) for three jobs.
        var jobs = new PhpArray();
        for (int i = 0; i < 500; i++) jobs.Add(new PhpArray { ["id"] = i, ["file"] = $"image{i}.png" });
        shm.Put(0, new PhpArray { ["jobs_done"] = 1234L, ["started"] = 1_700_000_000L, ["recent"] = jobs });
        for (int w = 1; w <= 20; w++) shm.Put(w, new PhpArray { ["worker"] = $"resizer-{w}", ["load"] = w / 40.0 });
        for (int j = 1; j <= 3; j++) queue.Send(1, new PhpArray { ["id"] = 100L + j, ["job"] = "resize" });
    }

    (long done, long allocated) = StateReads.PollJobsDone(shm, 0, reads: 10_000);
    Console.WriteLine($"jobs_done = {done} (10,000 reads of a {shm.GetRaw(0)?.Length}-byte variable, {allocated} bytes allocated after the first)");

    (int workers, double load) = StateReads.SumWorkerLoad(shm);
    Console.WriteLine($"{workers} workers, total load {load:0.###}");

    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(alone ? 5 : 60));
    List<long> ids = StateReads.ReceiveJobIds(queue, 3, timeout.Token);
    Console.WriteLine($"jobs {string.Join(", ", ids)}");
}
finally
{
    if (alone)
    {
        shm.Destroy();
        queue.Remove();
    }
}
