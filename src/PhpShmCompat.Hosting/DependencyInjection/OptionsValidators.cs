using Microsoft.Extensions.Options;

namespace PhpShmCompat.Hosting;

/// <summary>Checks a processor's options when the host starts (<c>ValidateOnStart</c>); each error names its setting.</summary>
internal sealed class ProcessorOptionsValidator(string name, SettingPrefixes prefixes) : IValidateOptions<PhpMessageProcessorOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, PhpMessageProcessorOptions options)
    {
        if (optionsName != name) return ValidateOptionsResult.Skip;
        List<string> errors = ProcessorSettings.Check(options, prefixes.For(typeof(PhpMessageProcessorOptions), name));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <see cref="PhpMessageQueueOptions"/> when the host starts.</summary>
internal sealed class QueueOptionsValidator(SettingPrefixes prefixes) : IValidateOptions<PhpMessageQueueOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, PhpMessageQueueOptions options)
    {
        var check = new SettingsCheck(prefixes.For(typeof(PhpMessageQueueOptions), optionsName ?? Options.DefaultName));
        check.Key(nameof(options.Key), options.Key, out _);
        check.Permissions(nameof(options.Permissions), options.Permissions);
        return check.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Errors);
    }
}

/// <summary>Checks <see cref="PhpSharedMemoryOptions"/> when the host starts.</summary>
internal sealed class SharedMemoryOptionsValidator(SettingPrefixes prefixes) : IValidateOptions<PhpSharedMemoryOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, PhpSharedMemoryOptions options)
    {
        var check = new SettingsCheck(prefixes.For(typeof(PhpSharedMemoryOptions), optionsName ?? Options.DefaultName));
        check.Key(nameof(options.Key), options.Key, out _);
        if (!string.IsNullOrWhiteSpace(options.SemaphoreKey)) check.Key(nameof(options.SemaphoreKey), options.SemaphoreKey, out _);
        if (options.Size < 1) check.Fail(nameof(options.Size), $"must be greater than 0 (was {options.Size})");
        check.Permissions(nameof(options.Permissions), options.Permissions);
        return check.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(check.Errors);
    }
}
