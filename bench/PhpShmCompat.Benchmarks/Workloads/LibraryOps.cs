using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>The sysvshm operations every benchmark times: the library's own value-level Get/Put.</summary>
internal static class ShmOps
{
    /// <summary><c>shm_get_var</c>: unserializes straight from the shared memory.</summary>
    public static PhpValue Get(PhpSharedMemory shm, long varKey) => shm.Get(varKey);

    /// <summary><c>shm_put_var</c>.</summary>
    public static void Put(PhpSharedMemory shm, long varKey, PhpValue value) => shm.Put(varKey, value);
}

/// <summary>Value-level <c>msg_send</c> / <c>msg_receive</c> (serialize = true): the library's own calls.</summary>
internal static class MessageOps
{
    /// <summary><c>msg_send($q, $type, $value)</c>.</summary>
    public static void Send(PhpMessageQueue queue, long type, PhpValue value) => queue.Send(type, value);

    /// <summary><c>msg_receive($q, 0, $type, 65536, $value)</c>.</summary>
    public static PhpValue Receive(PhpMessageQueue queue) => queue.ReceiveValue(0, PhpMessageReceiveFlags.None, 65536);
}
