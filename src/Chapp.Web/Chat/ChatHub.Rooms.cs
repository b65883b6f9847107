using Chapp.Grains;
using Microsoft.AspNetCore.SignalR;

namespace Chapp.Web.Chat;

/// <summary>A room's description and members over the hub: the member list, the topic, adding people to a group.</summary>
public sealed partial class ChatHub
{
    /// <summary>
    /// Who is in the room and who has it open now (<see cref="RoomMembers"/>): a conversation or group lists its
    /// members, a public room the people who have it open.
    /// </summary>
    public async Task<IReadOnlyList<MemberView>> GetMembers(string roomId)
    {
        var room = await Call(() => AdmittedRoom(roomId));
        return await RoomMembers.ListAsync(grains, room);
    }

    /// <summary>Sets the room's topic ("" clears it); everyone in the room sees it change (<c>"room"</c>).</summary>
    public async Task<RoomView> SetTopic(string roomId, string topic)
    {
        var room = await Call(() => grains.GetRoom(roomId).SetTopic(UserName, topic));
        return View(room);
    }

    /// <summary>A member adds people to a group conversation (20 people at most).</summary>
    public async Task<RoomView> AddMembers(string roomId, IReadOnlyList<string> userNames)
    {
        var room = await Call(() => grains.GetRoom(roomId).AddMembers(UserName, userNames ?? []));
        return View(room);
    }

    /// <summary>What clients are told about a room.</summary>
    public static RoomView View(RoomInfo room) => new(room.Id, room.Name, room.Kind.ToString(), room.Topic);
}
