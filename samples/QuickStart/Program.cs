// The README's quick start. Run next to a PHP worker that uses the same key, or alone:
//   dotnet run --project samples/QuickStart
using PhpSerializer;
using PhpShmCompat;
using QuickStart;

int key = args.Length > 0 ? Convert.ToInt32(args[0], 16) : 0x5A0C0FFE;

// sysvshm: shm_attach / shm_put_var / shm_get_var, PHP's layout byte for byte.
using (var shm = PhpSharedMemory.Attach(key, size: 10000, IpcPermissions.OwnerOnly))
using (var sem = PhpSemaphore.Get(key))          // sem_get($key): the lock PHP writers take
{
    using (sem.Lock())                             // sem_acquire ... sem_release
    {
        shm.Put(1, new PhpArray { { "jobs_done", 42L }, { "last", "resize.png" } });
        shm.Put(2, new WorkerState { Name = "resizer", Load = 0.75 });
    }
    PhpValue state = shm.Get(1);                   // value model, var_dump-like ToString()
    WorkerState? typed = shm.Get<WorkerState>(2);  // object mapping
    Console.WriteLine(state);
    Console.WriteLine($"{typed?.Name} load {typed?.Load}");
    shm.Destroy();                                 // shm_remove
    sem.Remove();                                  // sem_remove
}

// Locked read-modify-write in one call (the same semaphore protocol as PHP's sem_*).
using (var counter = PhpLockedSegment.Open(key))
{
    long n = counter.Update<long>(varKey: 7, v => v + 1);
    Console.WriteLine($"counter = {n}");
    counter.Memory.Destroy();
    counter.Semaphore.Remove();
}

// sysvmsg: msg_send / msg_receive with serialize() payloads.
using (var queue = PhpMessageQueue.Get(key))
{
    queue.Send(type: 1, new PhpArray { { "job", "resize" }, { "id", 17L } });
    PhpValue job = queue.ReceiveValue(desiredType: 1);
    Console.WriteLine(job);
    queue.Remove();
}

// serialize()/unserialize() without any IPC.
byte[] bytes = PhpSerialization.Serialize(new PhpArray { { "pi", 3.14 } }); // a:1:{s:2:"pi";d:3.14;}
PhpValue back = PhpSerialization.Unserialize(bytes);
Console.WriteLine(System.Text.Encoding.UTF8.GetString(bytes));
