using Chapp.Grains;

namespace Chapp.Web.Chat;

/// <summary>
/// A room's member list for the page and the hub: a conversation or group lists its members (the room grain owns
/// them); a public room, which anyone may read, lists who has it open now. Online comes from the room's presence.
/// </summary>
public static class RoomMembers
{
    /// <summary>Most people listed for a public room.</summary>
    public const int MaxPublicListed = 100;

    /// <summary>The members of <paramref name="room"/>, online first, then by user name.</summary>
    public static async Task<IReadOnlyList<MemberView>> ListAsync(IGrainFactory grains, RoomInfo room)
    {
        var online = await grains.GetRoomPresence(room.Id).Get();
        var onlineSet = new HashSet<string>(online, StringComparer.OrdinalIgnoreCase);
        var names = room.Kind == RoomKind.Public ? online.Take(MaxPublicListed).ToArray() : room.Members.ToArray();
        var accounts = await Task.WhenAll(names.Select(n => grains.GetUser(n).GetAccount()));
        return names.Select((name, i) => new MemberView(name, accounts[i]?.DisplayName ?? name, onlineSet.Contains(name)))
            .OrderByDescending(m => m.Online).ThenBy(m => m.UserName, StringComparer.OrdinalIgnoreCase).ToArray();
    }
}
