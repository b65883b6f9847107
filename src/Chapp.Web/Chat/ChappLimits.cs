using System.ComponentModel.DataAnnotations;

namespace Chapp.Web.Chat;

/// <summary>Abuse limits, bound from <c>Chapp:Limits</c>; a load test raises them.</summary>
public sealed class ChappLimits
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Chapp:Limits";

    /// <summary>Messages one user may send per second, sustained.</summary>
    [Range(1, 1_000_000)]
    public int SendPerSecond { get; set; } = 10;

    /// <summary>Messages one user may send at once after a pause.</summary>
    [Range(1, 1_000_000)]
    public int SendBurst { get; set; } = 20;

    /// <summary>Log-in and sign-up attempts one client address may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int AuthPerMinute { get; set; } = 20;
}
