using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PhpShmCompat.Hosting.Tests.Support;

/// <summary>Keeps every log entry (category, level, event id, text) for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    /// <summary>The entries so far.</summary>
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Text)> Entries { get; } = new();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
    }
}
