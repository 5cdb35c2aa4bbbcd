using System.Buffers;
using PhpSerializer;

namespace PhpShmCompat.Benchmarks.Workloads;

/// <summary>
/// The value-level sysvshm operations, in one place so every benchmark times the same calls.
/// PhpSharedMemory has no PhpValue Get/Put yet (only the raw API), so these compose the
/// library's zero-copy raw API with the serializer, which is what <c>shm_get_var</c> /
/// <c>shm_put_var</c> do; switch them to the library's own Get/Put when it has them.
/// </summary>
internal static class ShmOps
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? _buffer;

    /// <summary><c>shm_get_var</c>: unserializes straight from the shared memory (no copy).</summary>
    public static PhpValue Get(PhpSharedMemory shm, long varKey)
        => shm.TryReadRaw(varKey, 0, static (span, _) => PhpSerialization.Unserialize(span), out PhpValue? value)
            ? value!
            : throw new KeyNotFoundException($"variable {varKey} is not in segment {shm.Key:x}");

    /// <summary><c>shm_put_var</c>: serializes into a reused buffer, then writes the chunk.</summary>
    public static void Put(PhpSharedMemory shm, long varKey, PhpValue value)
    {
        ArrayBufferWriter<byte> buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        PhpSerialization.Serialize(buffer, value);
        shm.PutRaw(varKey, buffer.WrittenSpan);
    }
}

/// <summary>
/// Value-level <c>msg_send</c> / <c>msg_receive</c> (serialize = true) over PhpMessageQueue's raw
/// API, for the same reason as <see cref="ShmOps"/>.
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
