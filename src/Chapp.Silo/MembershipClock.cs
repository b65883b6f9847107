using System.Diagnostics;
using Chapp.Silo.Idle;

namespace Chapp.Silo;

/// <summary>
/// The clock of Orleans' membership and watchdog loops: the system clock, with timestamps counted from when the silo
/// was built instead of from when the machine booted; for a silo without peers, also without the thread-pool stall
/// sampler, and for a silo of a cluster, with that sampler ticking off the thread pool while the silo is alone.
/// </summary>
/// <remarks>
/// <para>Orleans 10.4.2's <c>Watchdog.Start</c> starts its platform thread before it sets the component check's first
/// timestamp, so the thread's first check often reads 0 and reports the machine's uptime as a stall ("Participant
/// check thread has not completed for 00:22:05 …") on every start. Counted from here, an unset timestamp means "since
/// the silo was built": a few seconds, below the 20 s the check tolerates, so only a real stall is reported.
/// Membership only ever subtracts two of its own timestamps, so the shifted origin changes nothing else.</para>
/// <para>Membership's <c>ThreadPoolStallDetector</c> (internal, not configurable) samples the thread pool every
/// 100 ms for the life of the silo: ten wake-ups a second, the largest share of an idle embedded server's CPU. Its
/// samples excuse missed probes to peers (a silo whose own thread pool stalled does not accuse others) and feed a
/// local-health complaint. A silo with no peers (<paramref name="peerless"/>: the embedded SQLite mode) sends no
/// probes, so its sampler's timer is made once and never fires: no stall is ever recorded and nothing waits on one.
/// A cluster's silo keeps the sampler, on the thread pool only while it has <paramref name="peers"/>
/// (<see cref="StallSamplerTimer"/>): a lone PostgreSQL silo idles like the embedded one.</para>
/// </remarks>
/// <param name="peerless">True for a silo that is alone by construction (localhost clustering).</param>
/// <param name="peers">Whether a cluster's silo has peers now; without it the sampler always ticks on the pool.</param>
public sealed class MembershipClock(bool peerless = false, SiloPeers? peers = null) : TimeProvider
{
    private const string StallDetector = "Orleans.Runtime.MembershipService.ThreadPoolStallDetector";
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (state?.GetType().FullName != StallDetector)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        if (peerless)
        {
            return base.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return peers is null
            ? base.CreateTimer(callback, state, dueTime, period)
            : new StallSamplerTimer(callback, state, dueTime, period, peers, System);
    }
}
