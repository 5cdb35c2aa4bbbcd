using System.Buffers;
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

/// <summary>
/// Value-level <c>msg_send</c> / <c>msg_receive</c> (serialize = true) over PhpMessageQueue's raw
/// API (PhpMessageQueue has no PhpValue send/receive yet); switch to the library's own when it has them.
/// </summary>
internal static class MessageOps
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;

    /// <summary><c>msg_send($q, $type, $value)</c>.</summary>
    public static void Send(PhpMessageQueue queue, long type, PhpValue value)
    {
        ArrayBufferWriter<byte> buffer = _buffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        PhpSerialization.Serialize(buffer, value);
        queue.SendRaw(type, buffer.WrittenSpan);
    }

    /// <summary><c>msg_receive($q, 0, $type, 65536, $value)</c>.</summary>
    public static PhpValue Receive(PhpMessageQueue queue)
        => PhpSerialization.Unserialize(queue.Receive(0, PhpMessageReceiveFlags.None, 65536).Payload);
}
