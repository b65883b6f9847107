using System.Diagnostics;

namespace Chapp.Silo;

/// <summary>
/// The clock of Orleans' membership and watchdog loops: the system clock, with timestamps counted from when the silo
/// was built instead of from when the machine booted.
/// </summary>
/// <remarks>
/// Orleans 10.4.2's <c>Watchdog.Start</c> starts its platform thread before it sets the component check's first
/// timestamp, so the thread's first check often reads 0 and reports the machine's uptime as a stall ("Participant
/// check thread has not completed for 00:22:05 …") on every start. Counted from here, an unset timestamp means "since
/// the silo was built": a few seconds, below the 20 s the check tolerates, so only a real stall is reported.
/// Membership only ever subtracts two of its own timestamps, so the shifted origin changes nothing else.
/// </remarks>
public sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    /// <inheritdoc />
    public override long GetTimestamp() => Stopwatch.GetTimestamp() - _origin;
}
