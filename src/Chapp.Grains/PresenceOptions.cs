namespace Chapp.Grains;

/// <summary>
/// How long a web process's presence report stays valid. The web processes re-report every
/// <see cref="RefreshPeriod"/>, so only the report of a process that crashed or lost the cluster runs out.
/// </summary>
public sealed class PresenceOptions
{
    /// <summary>A process's users count as present for this long after its last report.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a web process re-reports its rooms: a third of <see cref="Expiry"/>, so two lost reports in a row
    /// still do not make anyone vanish.
    /// </summary>
    public TimeSpan RefreshPeriod => Expiry / 3;

    /// <summary>How often a presence grain looks for expired reports; an entry outlives its expiry by at most this.</summary>
    public TimeSpan SweepPeriod => Expiry / 4;
}
