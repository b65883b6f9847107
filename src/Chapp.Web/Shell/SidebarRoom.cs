namespace Chapp.Web.Shell;

/// <summary>
/// One room in the sidebar: what to call it, its kind and topic (shown as the link's title), and the positions its counts come from (unread =
/// <paramref name="LastSeq"/> - <paramref name="ReadSeq"/>; all 0 when not known).
/// </summary>
public sealed record SidebarRoom(
    string RoomId, string Label, string Name, string Kind, long LastSeq, DateTimeOffset? LastAt, long ReadSeq, int Mentions, string? Topic = null)
{
    /// <summary>Messages after the read position.</summary>
    public long Unread => Math.Max(0, LastSeq - ReadSeq);
}
