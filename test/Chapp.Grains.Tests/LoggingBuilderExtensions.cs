using Microsoft.Extensions.Logging;

namespace Chapp.Grains.Tests;

/// <summary>Keeps test output to what matters.</summary>
internal static class LoggingBuilderExtensions
{
    public static void SetMinimumLevelWarning(this ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);
}
