namespace Chapp.LoadTest;

/// <summary>
/// How a compared invocation turns runs into ratios. Overall: the median of a server's runs over the median of the
/// baseline's runs (with two runs the median is their mean). Per round: the server's run over the mean of the two
/// bare-hub runs that bracket its round, so a reader can see whether the ratio moves with the position.
/// </summary>
public static class FairRatio
{
    /// <summary>The median; NaN for no values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Median of <paramref name="subject"/> over median of <paramref name="baseline"/> (NaN when the baseline is not positive).</summary>
    public static double Overall(IEnumerable<double> subject, IEnumerable<double> baseline)
    {
        var b = Median(baseline);
        return b > 0 ? Median(subject) / b : double.NaN;
    }

    /// <summary>
    /// The figure of the run in <paramref name="round"/> over the mean of the bare-hub runs opening and closing that round
    /// (<paramref name="baselineByBracket"/>[round - 1] and [round], in schedule order).
    /// </summary>
    public static double InRound(double subject, int round, IReadOnlyList<double> baselineByBracket)
    {
        if (round < 1 || round >= baselineByBracket.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(round), $"Round {round} has no bare-hub runs on both sides.");
        }

        var b = (baselineByBracket[round - 1] + baselineByBracket[round]) / 2;
        return b > 0 ? subject / b : double.NaN;
    }
}
