namespace PhpShmCompat.Hosting;

/// <summary>Settings of a <see cref="PhpMessageQueue"/> registered with <c>AddPhpMessageQueue</c>.</summary>
public sealed class PhpMessageQueueOptions
{
    /// <summary>The queue's key: decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>. Required.</summary>
    public string Key { get; set; } = "";

    /// <summary>Create the queue when it does not exist (default false: a missing queue fails the start).</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>Octal mode of a queue created here; default 0600.</summary>
    public string? Permissions { get; set; }
}
