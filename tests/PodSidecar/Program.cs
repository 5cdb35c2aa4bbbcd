using System.Globalization;
using System.Text;
using PhpSerializer;
using PhpShmCompat;

// PodSidecar pod <key> <iterations>: the .NET container of a pod whose PHP container made a
// sysvshm segment, a semaphore and a queue under <key> in their shared IPC namespace.
//   1. reads the value PHP put (variable 1) and prints its bytes;
//   2. puts a value of its own (variable 2) for PHP to read;
//   3. meets PHP on the queue (sends type 1, waits for type 2), then increments the counter
//      (variable 3) <iterations> times, each under the semaphore, while PHP does the same;
//   4. sends a job (type 10) and waits for PHP's answer (type 11), sent after PHP's loop,
//      then reads the final counter under the lock.
// Prints "name value" lines; exit 0 on success, 1 on failure (the exception on stderr).
try
{
    if (args is not ["pod", string keyText, string iterationsText])
    {
        Console.Error.WriteLine("usage: PodSidecar pod <key> <iterations>");
        return 2;
    }
    int key = int.Parse(keyText, CultureInfo.InvariantCulture);
    int iterations = int.Parse(iterationsText, CultureInfo.InvariantCulture);
    using var shm = PhpSharedMemory.Open(key, readOnly: false);
    using var sem = PhpSemaphore.Get(key, maxAcquire: 1);
    using var queue = PhpMessageQueue.Get(key);

    byte[] phpValue = shm.GetRaw(1) ?? throw new InvalidOperationException("PHP's variable 1 is missing");
    Say("php-value-hex", Convert.ToHexString(phpValue).ToLowerInvariant());
    Say("php-value", shm.Get(1).ToString()!.ReplaceLineEndings(" "));

    var mine = new PhpArray
    {
        { "from", "dotnet" },
        { "pi", 3.25 },
        { "big", 1L << 40 },
        { "bin", (PhpValue)new byte[] { 0x61, 0x00, 0xff, 0x62 } },
        { "list", new PhpArray { 1L, 2L, 3L } },
    };
    using (sem.Lock()) shm.Put(2, mine);
    Say("dotnet-value-hex", Convert.ToHexString(PhpSerialization.Serialize(mine)).ToLowerInvariant());

    queue.SendRaw(1, "dotnet-ready"u8);
    queue.Receive(2);

    int interleaved = 0;
    long last = -1;
    for (int i = 0; i < iterations; i++)
    {
        using (sem.Lock())
        {
            long v = ReadInt(shm.GetRaw(3));
            if (last >= 0 && v != last + 1) interleaved++;
            shm.PutRaw(3, Encoding.ASCII.GetBytes($"i:{v + 1};"));
            last = v + 1;
        }
    }
    Say("interleaved", interleaved.ToString(CultureInfo.InvariantCulture));

    queue.Send(10, new PhpArray { { "job", "resize" }, { "id", 17L } });
    PhpValue reply = queue.ReceiveValue(desiredType: 11);
    Say("reply", reply.ToString()!.ReplaceLineEndings(" "));
    using (sem.Lock()) Say("final", ReadInt(shm.GetRaw(3)).ToString(CultureInfo.InvariantCulture));
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine(ex);
    return 1;
}

static void Say(string name, string value) => Console.Out.WriteLine(name + " " + value);

// PHP's i:N; (what shm_put_var writes for an int).
static long ReadInt(byte[]? raw)
{
    string text = Encoding.ASCII.GetString(raw ?? throw new InvalidOperationException("the counter is missing"));
    if (!text.StartsWith("i:", StringComparison.Ordinal) || !text.EndsWith(';'))
        throw new FormatException($"the counter is not an int: {text}");
    return long.Parse(text.AsSpan(2, text.Length - 3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
