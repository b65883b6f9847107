using Chapp.Grains;
using Chapp.Web.Chat.Users;

namespace Chapp.Web.Chat;

/// <summary>
/// The inbox: the user's rooms with unread and mention counts, the per-user event stream (<c>"user"</c> frames, one
/// <see cref="UserEvent"/> each, to every connection of the user that opened the inbox), and read positions shared by
/// all the user's devices and tabs.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Starts <c>"user"</c> frames on this connection and <c>"activity"</c> frames (<see cref="RoomActivity"/>) for
    /// the user's rooms not open on it, then returns the user's rooms as of user event <see cref="Grains.Inbox.Seq"/>.
    /// Frames start first, so nothing falls between (an event at or below the returned seq, or activity at or below a
    /// room's last seq, may still arrive; clients drop it). Two grain calls and one message-log query, whatever the
    /// number of rooms.
    /// </summary>
    public async Task<Inbox> OpenInbox()
    {
        // Frames first, then the watched rooms, then the counts: nothing can fall between them (a join in between
        // arrives as a "joined" event, which also starts watching the room).
        if (!await userFeeds.StartAsync(Context.ConnectionId)
            || !await activity.StartAsync(Context.ConnectionId, await grains.GetUser(UserName).GetRooms()))
        {
            throw new Microsoft.AspNetCore.SignalR.HubException("The connection closed.");
        }

        return await Call(() => grains.GetUserInbox(UserName).GetInbox());
    }

    /// <summary>
    /// The user events after <paramref name="afterSeq"/>, for a client that saw a gap or reconnected;
    /// <see cref="UserEvents.Reset"/> means "too old: call <see cref="OpenInbox"/> again".
    /// </summary>
    public Task<UserEvents> GetUserEvents(long afterSeq) => Call(() => grains.GetUserInbox(UserName).GetEvents(afterSeq));

    /// <summary>
    /// Stores that the user has read <paramref name="roomId"/> up to <paramref name="seq"/> (never moving back) and
    /// returns the room's entry; every connection of the user gets a <c>read</c> event. Null when the room is not in
    /// the user's list.
    /// </summary>
    public Task<InboxEntry?> MarkRead(string roomId, long seq) => Call(() => grains.GetUserInbox(UserName).MarkRead(roomId, seq));
}
