using System.Diagnostics;

namespace Chapp.LoadTest;

/// <summary>The one clock of a run: <see cref="Stopwatch"/> timestamps, converted without floating point on hot paths.</summary>
public static class Clock
{
    private static readonly long TicksPerMicro = Math.Max(1, Stopwatch.Frequency / 1_000_000);

    /// <summary>Now, as a <see cref="Stopwatch"/> timestamp.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Converts a timestamp difference to microseconds.</summary>
    public static long TicksToMicros(long ticks) => ticks / TicksPerMicro;

    /// <summary>Converts seconds to a timestamp difference.</summary>
    public static long SecondsToTicks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>Seconds elapsed between two timestamps.</summary>
    public static double Seconds(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) / (double)Stopwatch.Frequency;
}
