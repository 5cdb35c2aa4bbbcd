using PhpSerializer;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Settings of a <see cref="PhpMessageProcessor"/>; bindable from configuration
/// (keys as text: decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>). Checked when the processor starts;
/// every error names the setting.
/// </summary>
public sealed class PhpMessageProcessorOptions
{
    /// <summary>The queue to read (PHP's <c>msg_get_queue($key)</c>): decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>. Required.</summary>
    public string QueueKey { get; set; } = "";

    /// <summary>
    /// <c>msg_receive</c>'s desired type: 0 any message, &gt; 0 that type (the worker pool's 1),
    /// &lt; 0 the lowest type up to its absolute value.
    /// </summary>
    public long DesiredType { get; set; }

    /// <summary>How many handlers run at once (at least 1). No more messages than this are taken from the queue at a time.</summary>
    public int MaxConcurrentHandlers { get; set; } = 1;

    /// <summary>
    /// Largest payload accepted (PHP's <c>$maxsize</c>), default the kernel's <c>msgmax</c>. A larger
    /// message is taken whole and moved to the dead-letter queue, never truncated.
    /// </summary>
    public int? MaxMessageSize { get; set; }

    /// <summary>What to do with a message whose handler threw; default <see cref="PhpMessageFailureAction.Requeue"/>.</summary>
    public PhpMessageFailureAction FailureAction { get; set; } = PhpMessageFailureAction.Requeue;

    /// <summary>
    /// The queue that receives messages that cannot be handled (handler failed too often, payload
    /// not valid <c>serialize()</c> data, too large), with their type and bytes unchanged. Created
    /// when missing. Optional; without it such messages are dropped and logged as errors.
    /// </summary>
    public string? DeadLetterQueueKey { get; set; }

    /// <summary>
    /// With <see cref="PhpMessageFailureAction.Requeue"/>: after this many failed deliveries of the
    /// same message (same type and bytes, counted by this processor) it is dead-lettered. 0: never.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>Create the queue when it does not exist (default false: a missing queue fails the start).</summary>
    public bool CreateQueueIfMissing { get; set; }

    /// <summary>Octal mode of queues this processor creates (the queue, the dead-letter queue); default 0600.</summary>
    public string? Permissions { get; set; }

    /// <summary>How payloads are read; default <see cref="PhpPayloadFormat.Serialized"/>.</summary>
    public PhpPayloadFormat PayloadFormat { get; set; } = PhpPayloadFormat.Serialized;

    /// <summary>Unserializer settings for <see cref="PhpPayloadFormat.Serialized"/> payloads (not bound from configuration).</summary>
    public PhpSerializerOptions? SerializerOptions { get; set; }

    internal PhpMessageProcessorOptions Clone() => (PhpMessageProcessorOptions)MemberwiseClone();
}
