using Chapp.Grains;

namespace Chapp.Web.Chat;

/// <summary>
/// The inbox: the user's rooms with unread and mention counts, the per-user event stream (<c>"user"</c> frames, one
/// <see cref="UserEvent"/> each, to every connection of the user that opened the inbox), and read positions shared by
/// all the user's devices and tabs.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Starts <c>"user"</c> frames on this connection, then returns the user's rooms as of user event
    /// <see cref="Inbox.Seq"/>. Frames start first, so no event falls between (an event at or below the returned seq may
    /// still arrive; clients drop it). One grain call and one message-log query, whatever the number of rooms.
    /// </summary>
    public async Task<Inbox> OpenInbox()
    {
        if (!await userFeeds.StartAsync(Context.ConnectionId))
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
