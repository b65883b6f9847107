namespace Chapp.Grains;

/// <summary>
/// What a reader calls a room, the one rule for the sidebar, the room page and the live inbox: its name, or for a
/// two-person conversation who it is with. The server sends it in every <see cref="InboxEntry"/>, so scripts never
/// rebuild it.
/// </summary>
public static class RoomLabels
{
    /// <summary>The label of <paramref name="room"/> for <paramref name="reader"/>.</summary>
    public static string For(RoomInfo room, string reader) =>
        room.Kind == RoomKind.Private && !room.IsGroup ? With(room.Members, reader) : room.Name;

    /// <summary>
    /// The label from an inbox copy made before labels were kept: a conversation's name is "a &amp; b" (cut at
    /// <see cref="ChatRules.MaxRoomNameLength"/>), so it is only as good as that name.
    /// </summary>
    public static string FromName(string roomId, string name, RoomKind kind, string reader) =>
        kind == RoomKind.Private && !GroupRooms.IsGroupRoomId(roomId) ? With(name.Split(" & "), reader) : name;

    private static string With(IEnumerable<string> members, string reader) =>
        "Conversation with " + string.Join(", ", members.Where(m => !string.Equals(m, reader, StringComparison.OrdinalIgnoreCase)));
}
