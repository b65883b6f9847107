using System.Diagnostics;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// Paces one periodic repair round: the round's <c>count</c> checks are spread evenly over <c>spread</c>, so
/// 2,000 open rooms cost a steady trickle of PubSub calls rather than a burst of 6,000 calls (and ~16 MB of garbage,
/// one more collection) within two seconds every period (measured in the many-small-rooms load: docs/PERFORMANCE.md). A zero spread does not
/// wait: the round after a silo died goes at once.
/// </summary>
internal sealed class RepairPace(TimeSpan spread, int count)
{
    // Shorter waits are skipped and caught up later: a timer per room would cost more than the checks it spreads.
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(10);

    private readonly long _started = Stopwatch.GetTimestamp();
    private int _done;

    /// <summary>Counts one check done and waits until the schedule reaches the next one (not after the last).</summary>
    public Task NextAsync(CancellationToken cancellationToken)
    {
        _done++;
        if (spread <= TimeSpan.Zero || _done >= count)
        {
            return Task.CompletedTask;
        }

        var due = spread * _done / count - Stopwatch.GetElapsedTime(_started);
        return due >= MinWait ? Task.Delay(due, cancellationToken) : Task.CompletedTask;
    }
}
