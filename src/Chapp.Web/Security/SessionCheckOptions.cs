using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Security;

/// <summary>How often a signed-in session is checked against the account's security stamp, bound from <c>Chapp:Sessions</c>.</summary>
public sealed class SessionCheckOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Sessions";

    /// <summary>
    /// Longest a page request's cookie is believed without looking at the account's stamp, and the period at which
    /// open hub connections are checked (at least one second). Log-out rotates the stamp, so after log-out a copied
    /// cookie works for at most this long on pages; on hub connections not at all.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ValidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest a hub request believes an account's security stamp as this process last read it (<see cref="SecurityStamps"/>).
    /// Log-out through this process takes effect at once; through another process of a cluster, within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan HubStampCacheTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The period of the check of open hub connections.</summary>
    public TimeSpan HubCheckPeriod => ValidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : ValidationInterval;
}
