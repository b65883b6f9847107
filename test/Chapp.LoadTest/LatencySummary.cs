namespace Chapp.LoadTest;

/// <summary>Percentiles of a <see cref="LatencyHistogram"/>, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    /// <summary>No values recorded.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
