using Chapp.Grains;
using Chapp.Grains.Tracing;
using Chapp.Web.Chat.Users;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Chat.Typing;
using Chapp.Web.Identity;
using Chapp.Web.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat;

/// <summary>
/// The real-time chat endpoint at <c>/hubs/chat</c>. Clients join rooms to receive new messages and the events that
/// change them (server method <c>"message"</c> with one <see cref="MessageFrame"/>, or <c>"messages"</c> with several,
/// in seq order; see <see cref="ChatMessage.Kind"/>) and who is in the room
/// (<c>"presence"</c> with one <see cref="RoomPresence"/>, on joining and on every change) and who is typing
/// (<c>"typing"</c>, <see cref="ChatHub.Typing"/>), send messages, and page
/// through history. Every refusal is a
/// <see cref="HubException"/> whose message is written for the user; a refused call stores nothing. Limits on
/// connections and calls are applied before any method runs, by <see cref="Security.HubLimitsFilter"/>.
/// </summary>
[Authorize]
public sealed partial class ChatHub(
    IGrainFactory grains,
    RoomSubscriptions subscriptions,
    UserFeeds userFeeds,
    InboxActivity activity,
    TypingGate typing,
    TypingRelay relay,
    MessageSearch search,
    DisplayNames names) : Hub
{
    /// <summary>Messages a first join and one older page return.</summary>
    public const int PageSize = 50;

    /// <summary>Most messages one catch-up call returns.</summary>
    public const int CatchUpSize = ChatRules.MaxPageSize;

    private string UserName => Context.User!.UserName();

    /// <summary>
    /// Starts live delivery of <paramref name="roomId"/> to this connection, then returns the history it lacks: the
    /// latest page when <paramref name="lastSeq"/> is 0, else what came after it. Delivery starts first so that no
    /// message falls between the history read and the subscription (a message may arrive twice; clients drop a
    /// sequence number they already show).
    /// </summary>
    public async Task<JoinResult> JoinRoom(string roomId, long lastSeq)
    {
        var room = await Call(() => AdmittedRoom(roomId));
        if (!await subscriptions.JoinAsync(Context.ConnectionId, room.Id))
        {
            throw new HubException("The connection closed.");
        }

        await activity.RoomOpenedAsync(Context.ConnectionId, room.Id);

        var grain = grains.GetRoom(room.Id);
        IReadOnlyList<ChatMessage> messages;
        try
        {
            messages = lastSeq <= 0
                ? await Call(() => grain.GetLatest(UserName, PageSize))
                : await Call(() => grain.GetAfter(UserName, lastSeq, CatchUpSize));
        }
        catch (HubException)
        {
            // Left the group between the admission check and now: out of the room again, so nothing more arrives.
            await LeaveRoom(room.Id);
            throw;
        }

        // Read before the page, so it is never past what the page reflects; the client resumes from the larger of it
        // and its newest message.
        return new JoinResult(View(room), await names.FramesAsync(messages), lastSeq > 0 && messages.Count == CatchUpSize, room.LastSeq);
    }

    /// <summary>Stops live delivery of <paramref name="roomId"/> to this connection.</summary>
    public async Task LeaveRoom(string roomId)
    {
        if (!ChatRules.IsRoomId(roomId))
        {
            return;
        }

        await StopTyping(roomId);
        // Watched first, then out of the room: a batch sent between the two reaches this connection both ways (the
        // client drops activity it already showed), never neither way. The room's feed also stays open throughout.
        await activity.RoomClosingAsync(Context.ConnectionId, roomId);
        await subscriptions.LeaveAsync(Context.ConnectionId, roomId);
    }

    /// <summary>
    /// Stores a message and returns it as stored. A retry with the same <paramref name="clientMessageId"/> returns
    /// the first stored message instead of storing another.
    /// </summary>
    public async Task<MessageFrame> Send(string roomId, string text, string clientMessageId)
    {
        PostTrace.Mark(clientMessageId, PostHop.HubEntry);
        PostTrace.MarkScheduled(clientMessageId, text);
        var user = UserName;
        var displayName = Context.User!.DisplayName();
        var stored = await Call(() => grains.GetRoom(roomId).Post(user, displayName, text, clientMessageId));
        PostTrace.Mark(clientMessageId, PostHop.HubResumed);
        await StopTyping(roomId);
        return MessageFrame.From(stored);
    }

    /// <summary>Up to 50 messages just before <paramref name="beforeSeq"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MessageFrame>> GetOlder(string roomId, long beforeSeq) =>
        await names.FramesAsync(await Call(() => grains.GetRoom(roomId).GetBefore(UserName, beforeSeq, PageSize)));

    /// <summary>Up to 200 messages just after <paramref name="afterSeq"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MessageFrame>> GetMissed(string roomId, long afterSeq) =>
        await names.FramesAsync(await Call(() => grains.GetRoom(roomId).GetAfter(UserName, afterSeq, CatchUpSize)));

    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        ChappMetrics.Connections.Add(1);
        subscriptions.Open(Context.ConnectionId, UserName);
        userFeeds.Open(Context.ConnectionId, UserName);
        activity.Open(Context.ConnectionId, UserName);
        await base.OnConnectedAsync();
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        ChappMetrics.Connections.Add(-1);
        await StopTypingEverywhere();
        await subscriptions.LeaveAllAsync(Context.ConnectionId);
        await userFeeds.CloseAsync(Context.ConnectionId);
        await activity.CloseAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private async Task<RoomInfo> AdmittedRoom(string roomId)
    {
        // A private room of others answers word for word like a missing one, and before any group or count is touched.
        var room = await grains.GetRoom(roomId).GetInfo();
        return room is not null && room.Admits(UserName)
            ? room
            : throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{roomId}'.");
    }

    // Grain refusals become hub errors the client shows as they are. Anything else, including a store that failed for
    // now (Unavailable), stays a generic server error, which the client treats as "try again with the same id".
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ChatException error) when (error.Code != ChatErrorCode.Unavailable)
        {
            throw new HubException(error.Message);
        }
    }
}
