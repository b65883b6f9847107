using Chapp.Grains;

namespace Chapp.Web.Shell;

/// <summary>
/// One room in the sidebar: what to call it, its kind and topic (shown as the link's title), the positions (all 0 when
/// not known) and its counts: <paramref name="Unread"/> messages by others after the read position (see
/// <see cref="InboxEntry.Unread"/>), <paramref name="Mentions"/> of the reader.
/// </summary>
public sealed record SidebarRoom(
    string RoomId, string Label, string Name, string Kind, long LastSeq, DateTimeOffset? LastAt, long ReadSeq, int Mentions, string? Topic = null,
    int Unread = 0)
{
    /// <summary>The unread count as shown: "99+" from <see cref="RoomLast.MaxUnread"/> on, where counting stops.</summary>
    public string UnreadText => Unread >= RoomLast.MaxUnread ? "99+" : Unread.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
