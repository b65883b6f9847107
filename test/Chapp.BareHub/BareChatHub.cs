using Chapp.Grains.Tracing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.BareHub;

/// <summary>Chapp's hub contract (JoinRoom, Send; pushes "message") with nothing stored: each message is sent to the group on its own.</summary>
[Authorize]
public sealed class BareChatHub(RoomSequences rooms) : Hub
{
    /// <summary>Adds the connection to the room's group; there is no history.</summary>
    public async Task<BareJoinResult> JoinRoom(string roomId, long lastSeq)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, "room:" + roomId);
        return new BareJoinResult(new BareRoomView(roomId, roomId, "Public"), [], false);
    }

    /// <summary>Numbers the message, sends it to the room's group and returns it.</summary>
    public async Task<BareMessage> Send(string roomId, string text, string clientMessageId)
    {
        PostTrace.Mark(clientMessageId, PostHop.HubEntry);
        PostTrace.MarkScheduled(clientMessageId, text);
        var user = Context.User!.Identity!.Name!;
        var room = rooms.For(roomId);
        await room.Gate.WaitAsync();
        try
        {
            var message = new BareMessage(roomId, ++room.LastSeq, Guid.NewGuid(), user, user, text.Trim(), DateTimeOffset.UtcNow, clientMessageId);
            await Clients.Group("room:" + roomId).SendAsync("message", message);
            PostTrace.Mark(clientMessageId, PostHop.SendReturned);
            return message;
        }
        finally
        {
            room.Gate.Release();
        }
    }
}
