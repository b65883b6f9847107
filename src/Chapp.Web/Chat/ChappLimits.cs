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

    /// <summary>Rooms one user may create (or open by name from the form) per minute.</summary>
    [Range(1, 1_000_000)]
    public int CreateRoomPerMinute { get; set; } = 5;

    /// <summary>Direct conversations one user may open per minute.</summary>
    [Range(1, 1_000_000)]
    public int OpenConversationPerMinute { get; set; } = 10;

    /// <summary>Hub room joins one user may make per minute (every reconnect of every tab rejoins).</summary>
    [Range(1, 1_000_000)]
    public int JoinPerMinute { get; set; } = 120;

    /// <summary>History pages (older messages, catch-up) one user may load per minute.</summary>
    [Range(1, 1_000_000)]
    public int HistoryPerMinute { get; set; } = 300;

    /// <summary>Read positions one user may store per minute (the page marks a visible room read as messages arrive).</summary>
    [Range(1, 1_000_000)]
    public int MarkReadPerMinute { get; set; } = 600;

    /// <summary>Room changes (topic, adding people to a group) one user may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int ChangeRoomPerMinute { get; set; } = 30;

    /// <summary>Searches one user may run per minute (hub or the search page).</summary>
    [Range(1, 1_000_000)]
    public int SearchPerMinute { get; set; } = 30;

    /// <summary>Message changes (edits, deletes, reactions) one user may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int ChangeMessagePerMinute { get; set; } = 120;

    /// <summary>
    /// Typing notices one user may send per minute (the page sends one per room every 3 s while keys are pressed;
    /// beyond one per second per room the hub drops them anyway).
    /// </summary>
    [Range(1, 1_000_000)]
    public int TypingPerMinute { get; set; } = 120;

    /// <summary>
    /// Signed-in pages one user may load per minute. Each draws the sidebar, which reads the user's inbox: every
    /// room's last message and unread count.
    /// </summary>
    [Range(1, 1_000_000)]
    public int PagesPerMinute { get; set; } = 120;

    /// <summary>Hub connections one user may hold open at once in one process (one per open room tab).</summary>
    [Range(1, 1_000_000)]
    public int ConnectionsPerUser { get; set; } = 20;

    /// <summary>Rooms one hub connection may be in at once.</summary>
    [Range(1, 1_000_000)]
    public int RoomsPerConnection { get; set; } = 50;
}
