using Chapp.Grains;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Chat.Typing;
using Chapp.Web.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat;

/// <summary>
/// "Alice is typing…": ephemeral notices, never stored and not through grains. A notice goes to the room's SignalR
/// group in this process, except the caller (<c>"typing"</c> with a <see cref="TypingFrame"/>); see
/// <see cref="TypingRelay"/> for the other processes of a cluster.
/// </summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Tells the others in <paramref name="roomId"/> that the caller is typing. Only a connection that joined the room
    /// may (anyone else hears "no such room", as on every path); a second notice within a second is dropped.
    /// </summary>
    public async Task Typing(string roomId)
    {
        if (!ChatRules.IsRoomId(roomId) || !subscriptions.IsIn(Context.ConnectionId, roomId))
        {
            throw new HubException($"There is no room '{roomId}'.");
        }

        if (typing.TryPass(Context.ConnectionId, roomId, Environment.TickCount64))
        {
            await NotifyTyping(roomId, isTyping: true);
        }
    }

    // The caller sent a message or left: the others stop showing its notice at once.
    private async Task StopTyping(string roomId)
    {
        if (typing.Stop(Context.ConnectionId, roomId, Environment.TickCount64))
        {
            await NotifyTyping(roomId, isTyping: false);
        }
    }

    private Task NotifyTyping(string roomId, bool isTyping) =>
        relay.SendAsync(
            new TypingFrame(roomId, UserName, Context.User!.DisplayName(), isTyping),
            Clients.OthersInGroup(RoomFeed.GroupName(roomId)));

    // A closed connection's notices stop (its connection is gone, so the whole group is told).
    private async Task StopTypingEverywhere()
    {
        foreach (var roomId in typing.Close(Context.ConnectionId, Environment.TickCount64))
        {
            await relay.SendAsync(
                new TypingFrame(roomId, UserName, Context.User!.DisplayName(), IsTyping: false),
                Clients.Group(RoomFeed.GroupName(roomId)));
        }
    }
}
