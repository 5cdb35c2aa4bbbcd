namespace PhpShmCompat.Hosting;

/// <summary>A checked <see cref="PhpMessageProcessorOptions"/>: keys parsed, limits in range.</summary>
internal sealed record ProcessorSettings(
    int QueueKey,
    string QueueKeyText,
    long DesiredType,
    int MaxConcurrentHandlers,
    int MaxMessageSize,
    PhpMessageFailureAction FailureAction,
    int? DeadLetterQueueKey,
    int MaxDeliveryAttempts,
    bool CreateQueueIfMissing,
    IpcPermissions Permissions,
    PhpPayloadFormat PayloadFormat,
    PhpSerializer.PhpSerializerOptions? SerializerOptions,
    string SettingPrefix)
{
    /// <summary>The largest allowed <see cref="PhpMessageProcessorOptions.MaxConcurrentHandlers"/>.</summary>
    internal const int ConcurrencyLimit = 4096;

    /// <summary>The checks, as a list of errors naming each setting (empty when valid).</summary>
    internal static List<string> Check(PhpMessageProcessorOptions options, string prefix)
    {
        TryResolve(options, prefix, out _, out List<string> errors);
        return errors;
    }

    /// <summary>Checks and resolves the options; throws <see cref="PhpShmConfigurationException"/> naming the setting.</summary>
    internal static ProcessorSettings Resolve(PhpMessageProcessorOptions options, string prefix)
    {
        ArgumentNullException.ThrowIfNull(options);
        var check = new SettingsCheck(prefix);
        ProcessorSettings? settings = Build(options, check);
        check.ThrowIfFailed();
        return settings!;
    }

    private static bool TryResolve(PhpMessageProcessorOptions options, string prefix, out ProcessorSettings? settings, out List<string> errors)
    {
        var check = new SettingsCheck(prefix);
        settings = Build(options, check);
        errors = check.Errors;
        return errors.Count == 0;
    }

    private static ProcessorSettings? Build(PhpMessageProcessorOptions o, SettingsCheck check)
    {
        check.Key(nameof(o.QueueKey), o.QueueKey, out int queueKey);
        if (o.MaxConcurrentHandlers is < 1 or > ConcurrencyLimit)
            check.Fail(nameof(o.MaxConcurrentHandlers), $"must be between 1 and {ConcurrencyLimit} (was {o.MaxConcurrentHandlers})");
        int maxSize = o.MaxMessageSize ?? PhpMessageQueue.MaxMessageSize;
        if (maxSize < 1 || maxSize > Array.MaxLength - 8)
            check.Fail(nameof(o.MaxMessageSize), $"must be at least 1 byte (was {o.MaxMessageSize})");
        if (!Enum.IsDefined(o.FailureAction))
            check.Fail(nameof(o.FailureAction), $"'{o.FailureAction}' is not one of {string.Join(", ", Enum.GetNames<PhpMessageFailureAction>())}");
        if (!Enum.IsDefined(o.PayloadFormat))
            check.Fail(nameof(o.PayloadFormat), $"'{o.PayloadFormat}' is not one of {string.Join(", ", Enum.GetNames<PhpPayloadFormat>())}");
        if (o.MaxDeliveryAttempts < 0)
            check.Fail(nameof(o.MaxDeliveryAttempts), $"must be 0 (never dead-letter) or more (was {o.MaxDeliveryAttempts})");
        int? deadLetterKey = null;
        if (!string.IsNullOrWhiteSpace(o.DeadLetterQueueKey))
        {
            if (check.Key(nameof(o.DeadLetterQueueKey), o.DeadLetterQueueKey, out int dlq))
            {
                if (dlq == queueKey && queueKey != 0)
                    check.Fail(nameof(o.DeadLetterQueueKey), $"'{o.DeadLetterQueueKey}' is the processed queue itself ({IpcKeyParser.Format(dlq)})");
                deadLetterKey = dlq;
            }
        }
        else if (o.FailureAction == PhpMessageFailureAction.DeadLetter)
        {
            check.Fail(nameof(o.DeadLetterQueueKey), $"is required when {check.Name(nameof(o.FailureAction))} is DeadLetter");
        }
        IpcPermissions permissions = check.Permissions(nameof(o.Permissions), o.Permissions);
        if (check.Errors.Count > 0) return null;
        return new ProcessorSettings(queueKey, o.QueueKey.Trim(), o.DesiredType, o.MaxConcurrentHandlers, maxSize, o.FailureAction,
            deadLetterKey, o.MaxDeliveryAttempts, o.CreateQueueIfMissing, permissions, o.PayloadFormat, o.SerializerOptions, check.Name(""));
    }
}
