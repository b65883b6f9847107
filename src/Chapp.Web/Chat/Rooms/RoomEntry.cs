namespace Chapp.Web.Chat.Rooms;

/// <summary>One room's count of local connections and watchers, and its feed while the count is not zero (see <see cref="RoomFeeds"/>).</summary>
internal sealed class RoomEntry
{
    /// <summary>One open, close or count change of the room at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public int Count { get; set; }

    /// <summary>Inbox connections watching the room's activity without being in it.</summary>
    public int Watchers { get; set; }

    public RoomFeed? Feed { get; set; }
}
