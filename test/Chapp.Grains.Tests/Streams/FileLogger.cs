using Microsoft.Extensions.Logging;

namespace Chapp.Grains.Tests.Streams;

/// <summary>
/// Diagnostics for the grain-test silo: Orleans warnings and streaming traces into the file named by
/// <c>CHAPP_TEST_SILO_LOG</c> (how the queue-cache fault was found).
/// </summary>
internal sealed class FileLogger(string path) : ILoggerProvider
{
    private static readonly object Gate = new();

    public ILogger CreateLogger(string categoryName) => new Category(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class Category(string path, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            name.StartsWith("Orleans", StringComparison.Ordinal) && (logLevel >= LogLevel.Warning || (name.StartsWith("Orleans.Streams", StringComparison.Ordinal) && logLevel >= LogLevel.Trace && !name.Contains("Cache", StringComparison.Ordinal))) || name.StartsWith("Chapp", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            lock (Gate)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {name}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}
